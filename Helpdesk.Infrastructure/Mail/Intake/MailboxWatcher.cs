using Helpdesk.Core.Ports;
using Helpdesk.Infrastructure.Jobs;
using Helpdesk.Infrastructure.Mail.Imap;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Helpdesk.Infrastructure.Mail.Intake;

/// <summary>
/// Keeps one connection per mailbox (with <see cref="MailboxOptions.Idle"/>) and waits in IMAP IDLE (RFC 2177): when the
/// server tells of new mail, it is taken in at once through the same path as the poll
/// (<see cref="PollMailboxesJob.ReadNewAsync"/>: stored raw first, exactly once). The IDLE is renewed every
/// <see cref="MailboxOptions.IdleMinutes"/>, with a read of anything new each time; a dropped connection is opened again
/// at once, then after 2, 4, 8 … seconds up to five minutes while it keeps failing. A server without IDLE is left to
/// the poll, which runs on every node with jobs on whatever happens here.
/// </summary>
/// <remarks>Several nodes each watch every mailbox; the intake recognises a message taken in twice, so the cost is a
/// repeated fetch, never a repeated ticket.</remarks>
public sealed class MailboxWatcher(
    IReadOnlyList<MailboxOptions> mailboxes, OpenMailbox open, PollMailboxesJob reader, TimeProvider time, ILogger<MailboxWatcher> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(mailboxes.Where(m => m.Idle).Select(m => Task.Run(() => WatchAsync(m, stoppingToken), stoppingToken)));

    private async Task WatchAsync(MailboxOptions mailbox, CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = open(mailbox);
                var folder = await connection.OpenAsync(stop);
                if (!connection.CanWaitForMail)
                {
                    logger.LogInformation("Mailbox {Mailbox} ({Server}) does not offer IDLE: it is read by the poll only.", mailbox.Name, mailbox);
                    return;
                }

                await reader.ReadNewAsync(connection, mailbox, folder, stop, TimeSpan.FromSeconds(60));
                failures = 0;
                logger.LogInformation("Mailbox {Mailbox} ({Server}): waiting for new mail (IDLE).", mailbox.Name, mailbox);
                while (!stop.IsCancellationRequested)
                {
                    var arrived = await connection.WaitForMailAsync(TimeSpan.FromMinutes(Math.Clamp(mailbox.IdleMinutes, 1, 29)), stop);
                    var taken = await reader.ReadNewAsync(connection, mailbox, folder with { UidNext = 0 }, stop, TimeSpan.FromSeconds(60));
                    if (arrived || taken > 0)
                    {
                        logger.LogInformation("Mailbox {Mailbox}: {Count} message(s) taken in on the server's word.", mailbox.Name, taken);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = failures == 1 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, failures - 1)) * (0.8 + (0.4 * Random.Shared.NextDouble())));
                logger.LogWarning(ex, "Mailbox {Mailbox} ({Server}): the connection failed ({Error}); opening it again in {Delay:0} s.", mailbox.Name, mailbox, ex.Message, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
