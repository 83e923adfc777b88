using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Infrastructure.Mail.Imap;
using Helpdesk.Infrastructure.Mail.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Hangfire;
using Hangfire.Storage;

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
    IServiceScopeFactory scopes, IReadOnlyList<MailboxOptions> mailboxes, OpenMailbox open, IntakeLimits limits, JobStorage storage, TimeProvider time, ILogger<PollMailboxesJob> logger)
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
                logger.LogWarning(ex, "Mailbox {Mailbox} ({Server}): {Error}", mailbox.Name, mailbox, ex.Message);
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
        await using var reader = open(mailbox);
        var folder = await reader.OpenAsync(ct);
        var count = await ReadNewAsync(reader, mailbox, folder, ct);
        await reader.CloseAsync(ct);
        return count;
    }

    /// <summary>
    /// Takes in what the open mailbox holds beyond the last UID done, then records the poll; returns how many messages
    /// were taken in. Shared by the poll and the IDLE watcher (<see cref="Mail.Intake.MailboxWatcher"/>).
    /// </summary>
    /// <remarks>One reader at a time per mailbox, on every node (a lock in the job storage): the poll and the watcher of
    /// this node and of the others would otherwise work on the same message at once, and a message whose row is stored
    /// but not yet processed would be made into two tickets. A reader that finds the mailbox taken skips this round:
    /// the holder reads what is there.</remarks>
    public async Task<int> ReadNewAsync(IMailboxReader reader, MailboxOptions mailbox, MailboxFolder folder, CancellationToken ct, TimeSpan? wait = null)
    {
        IDisposable held;
        using var connection = storage.GetConnection();
        try
        {
            held = connection.AcquireDistributedLock($"mailbox-read:{mailbox.Name}", wait ?? TimeSpan.FromSeconds(5));
        }
        catch (DistributedLockTimeoutException)
        {
            logger.LogDebug("Mailbox {Mailbox} is being read elsewhere; this round is skipped.", mailbox.Name);
            return 0;
        }

        using (held)
        {
            return await ReadNewLockedAsync(reader, mailbox, folder, ct);
        }
    }

    private async Task<int> ReadNewLockedAsync(IMailboxReader reader, MailboxOptions mailbox, MailboxFolder folder, CancellationToken ct)
    {
        var last = await RecordAsync(mailbox.Name, s => s.Validity(folder.UidValidity), ct);
        var count = 0;
        var from = last + 1;
        var uidNext = folder.UidNext;

        // Windows of UIDs up to UIDNEXT, each in batches; without UIDNEXT (after IDLE told of new mail), batches from the
        // last UID done until one comes back short.
        while (!ct.IsCancellationRequested && (uidNext == 0 || from < uidNext))
        {
            long? to = uidNext == 0 ? null : Math.Min(from + UidWindow - 1, uidNext - 1);
            var batch = await reader.ListAsync(from, to, mailbox.BatchSize, ct);
            var taken = new List<long>();
            foreach (var item in batch)
            {
                // Over the size limit by the server's own count: only its header is fetched, and it is quarantined.
                var tooLarge = item.Size > limits.MaxMessageBytes;
                var message = await reader.FetchAsync(item.Uid, headerOnly: tooLarge, ct);
                if (message is not null)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<InboundMailProcessor>()
                        .ReceiveAsync(mailbox.Name, item.Uid, folder.UidValidity, message, mailbox.Defaults, ct, tooLarge ? item.Size : null);
                    taken.Add(item.Uid);
                }
            }

            // Every message of the batch is committed: now tell the server, in one command, and remember the
            // place. A crash before this repeats the batch, and the intake recognises each message.
            await reader.SettleAsync(taken, ct);
            if (batch.Count > 0)
            {
                await RecordAsync(mailbox.Name, s => s.Done(batch[^1].Uid, taken.Count), ct);
            }

            count += taken.Count;
            if (uidNext == 0 && batch.Count < mailbox.BatchSize)
            {
                break;
            }

            // A full batch may leave more in this window; otherwise the window is done.
            from = batch.Count == mailbox.BatchSize ? batch[^1].Uid + 1 : (to ?? long.MaxValue - 1) + 1;
        }

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
