using Helpdesk.Core.Ports;

namespace Helpdesk.Core.Mail;

/// <summary>Sends what is due in the outbox, one committed outcome per message.</summary>
public sealed class OutboxDispatcher(IOutboxStore store, IMessageWriter writer, IMailSender sender, MailIdentity identity, TimeProvider time, OutboxLease? lease = null)
{
    private readonly TimeSpan _lease = (lease ?? OutboxLease.Default).Length;

    /// <summary>
    /// Sends up to <paramref name="max"/> due messages over one session (one SMTP connection), committing each outcome
    /// before the next send, so a crash repeats at most the message in flight. A refusal for good (SMTP 5xx)
    /// dead-letters the message at once and records the bounce on the customer; anything else is tried again with
    /// backoff. Returns how many were sent.
    /// </summary>
    public async Task<int> DispatchAsync(int max, CancellationToken ct = default)
    {
        var due = await store.DueAsync(time.GetUtcNow(), max, ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var sent = 0;
        await using var session = sender.OpenSession();
        foreach (var message in due)
        {
            // Taken in the database before it is sent: two nodes reading the same due messages never both send one.
            var now = time.GetUtcNow();
            if (!await store.ClaimAsync(message, now, now + _lease, ct))
            {
                continue;
            }

            try
            {
                var bytes = writer.Write(message, time.GetUtcNow());
                var refused = await session.SendAsync(identity.FromAddress, message.Recipients.ToList(), message.MessageId, bytes, ct);
                message.MarkSent(time.GetUtcNow(), refused.Count == 0 ? null : "Refused for good: " + Describe(refused));
                await RecordBouncesAsync(message, refused, ct);
                sent++;
            }
            catch (MailRejectedException ex)
            {
                message.MarkRejected(ex.Recipients.Count == 0 ? ex.Message : Describe(ex.Recipients), time.GetUtcNow());
                await RecordBouncesAsync(message, ex.Recipients, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                message.MarkFailed($"{ex.GetType().Name}: {ex.Message}", time.GetUtcNow(), Random.Shared.NextDouble());
            }

            await store.SaveChangesAsync(ct);
        }

        return sent;
    }

    private static string Describe(IReadOnlyList<RefusedRecipient> refused) =>
        string.Join("; ", refused.Select(r => $"{r.Address}: {r.Reply}"));

    /// <summary>A recipient refused for good is recorded on the customer, as a bounce received by mail is.</summary>
    private async Task RecordBouncesAsync(OutboxMessage message, IReadOnlyList<RefusedRecipient> refused, CancellationToken ct)
    {
        foreach (var recipient in refused)
        {
            if (await store.FindCustomerAsync(recipient.Address, ct) is { } customer)
            {
                customer.RecordBounce($"{recipient.Reply} (refused when sending {message.Subject})", time.GetUtcNow());
            }
        }
    }
}

/// <summary>
/// How long a message a dispatcher took is its own (decision 021, the outbox's claims): longer than any one send can take
/// with the sender's timeouts, so that no other node sends it meanwhile; a node killed mid-send frees it after this.
/// </summary>
public sealed record OutboxLease(TimeSpan Length)
{
    public static OutboxLease Default { get; } = new(TimeSpan.FromMinutes(5));

    /// <summary>A send is a connection and a few commands, each bounded by the timeout: four of them, and half a minute more.</summary>
    public static OutboxLease ForTimeout(TimeSpan timeout) => new(timeout * 4 + TimeSpan.FromSeconds(30));
}
