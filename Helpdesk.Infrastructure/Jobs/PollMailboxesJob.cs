using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Mail;
using Helpdesk.Infrastructure.Mail.Imap;
using Helpdesk.Infrastructure.Mail.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Hangfire;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>
/// Reads each configured mailbox by UID from where it left off (UIDVALIDITY remembered), a window of UIDs
/// at a time, one message at a time: fetch, intake (committed), and only then flag or move it on the
/// server and remember its UID. A crash anywhere repeats at most the message in hand, which the intake
/// recognises; a message that fails is quarantined and the mailbox goes on.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 30)]
[AutomaticRetry(Attempts = 3, DelaysInSeconds = new[] { 5, 15, 30 })]
public sealed class PollMailboxesJob(
    IServiceScopeFactory scopes, IReadOnlyList<MailboxOptions> mailboxes, IntakeLimits limits, TimeProvider time, ILogger<PollMailboxesJob> logger)
{
    public const int UidWindow = 500;

    /// <summary>Reads every mailbox; returns what it did (a mailbox that fails is recorded on it, and the run fails after
    /// the others were read, so that it is retried and shown).</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var imported = 0;
        var failures = new List<string>();
        foreach (var mailbox in mailboxes)
        {
            try
            {
                imported += await PollAsync(mailbox, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add($"{mailbox.Name}: {ex.Message}");
                logger.LogWarning(ex, "Mailbox {Mailbox} ({Server}): {Error}", mailbox.Name, mailbox.Imap, ex.Message);
                await RecordAsync(mailbox.Name, s => s.Polled(time.GetUtcNow(), ex.Message), cancellationToken);
            }
        }

        if (failures.Count > 0)
        {
            throw new MailboxPollException($"{imported} imported; failed: {string.Join("; ", failures)}");
        }

        return imported == 0 ? "nothing new" : $"{imported} message(s) imported";
    }

    /// <summary>Reads one mailbox to its end; returns how many messages were taken in.</summary>
    public async Task<int> PollAsync(MailboxOptions mailbox, CancellationToken ct)
    {
        // A literal may exceed the size the server announced a little (line endings), never by much.
        await using var client = new ImapClient { MaxLiteralBytes = (2 * limits.MaxMessageBytes) + (1024 * 1024) };
        await client.ConnectAsync(mailbox.Imap, ct);
        var folder = await client.SelectAsync(mailbox.Folder, ct);
        if (mailbox.AfterImport == AfterImport.Move)
        {
            await client.CreateFolderAsync(mailbox.MoveTo, ct);
        }

        var last = await RecordAsync(mailbox.Name, s => s.Validity(folder.UidValidity), ct);
        var count = 0;
        var from = last + 1;

        // Windows of UIDs up to UIDNEXT (without it, one open-ended read), each in batches.
        while (!ct.IsCancellationRequested && (folder.UidNext == 0 ? from == last + 1 : from < folder.UidNext))
        {
            long? to = folder.UidNext == 0 ? null : Math.Min(from + UidWindow - 1, folder.UidNext - 1);
            var batch = await client.SummariesAsync(from, mailbox.BatchSize, ct, to);
            var taken = new List<long>();
            foreach (var summary in batch)
            {
                // Over the size limit by the server's own count: only its header is fetched, and it is quarantined.
                var tooLarge = summary.Size > limits.MaxMessageBytes;
                var message = tooLarge ? await client.FetchHeaderAsync(summary.Uid, ct) : await client.FetchAsync(summary.Uid, ct);
                if (message is not null)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<MailIntake>()
                        .ReceiveAsync(mailbox.Name, summary.Uid, folder.UidValidity, message, mailbox.Defaults, ct, tooLarge ? summary.Size : null);
                    taken.Add(summary.Uid);
                }
            }

            // Every message of the batch is committed: now tell the server, in one command, and remember the
            // place. A crash before this repeats the batch, and the intake recognises each message.
            if (mailbox.AfterImport == AfterImport.Move)
            {
                await client.MoveAsync(taken, mailbox.MoveTo, ct);
            }
            else
            {
                await client.AddFlagsAsync(taken, "\\Seen", ct);
            }

            if (batch.Count > 0)
            {
                await RecordAsync(mailbox.Name, s => s.Done(batch[^1].Uid, taken.Count), ct);
            }

            count += taken.Count;

            // A full batch may leave more in this window; otherwise the window is done.
            from = batch.Count == mailbox.BatchSize ? batch[^1].Uid + 1 : (to ?? long.MaxValue - 1) + 1;
        }

        await client.LogoutAsync(ct);
        await RecordAsync(mailbox.Name, s => s.Polled(time.GetUtcNow(), null), ct);
        return count;
    }

    private async Task<long> RecordAsync(string mailbox, Action<MailboxState> change, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        var state = await db.MailboxStates.FirstOrDefaultAsync(s => s.Mailbox == mailbox, ct);
        if (state is null)
        {
            state = new MailboxState(mailbox);
            db.MailboxStates.Add(state);
        }

        change(state);
        await db.SaveChangesAsync(ct);
        return state.LastUid;
    }
}

/// <summary>One or more mailboxes could not be read in a run.</summary>
public sealed class MailboxPollException(string message) : Exception(message);
