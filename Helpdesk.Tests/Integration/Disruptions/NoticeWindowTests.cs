using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Disruptions;

/// <summary>
/// One customer does not get an email per update when updates come quickly: within the notice window (10 minutes by
/// default) after a notice, the next one waits for the window's end and then says every update since.
/// </summary>
public sealed class NoticeWindowTests : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly HelpdeskFactory _app = new();
    private string _agent = null!;

    public async Task InitializeAsync()
    {
        _agent = await _app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TicketService>()
            .OpenAsync(new NewTicketInput { RequesterEmail = "ana@acme.example", Subject = "No mail", Description = "Nothing arrives", NotifyRequester = false }, _agent);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<T> WithAsync<T>(Func<DisruptionService, Task<T>> action)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<DisruptionService>());
    }

    private async Task DispatchAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync(100);
    }

    private async Task<List<OutboxMessage>> NoticesAsync()
    {
        await using var db = _app.NewContext();
        return await db.Outbox.Where(m => m.Kind == OutboxKind.Notice).OrderBy(m => m.Id).ToListAsync();
    }

    [Fact]
    public async Task AnUpdateWithinTheWindowWaitsForItsEnd()
    {
        var disruption = await WithAsync(s => s.DeclareAsync("Mail delayed", "Mail is delayed.", true, [], []));
        await DispatchAsync();
        var firstSent = _app.Clock.GetUtcNow();

        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        await WithAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Identified, "A full queue; draining it."));
        await DispatchAsync();

        var notices = await NoticesAsync();
        Assert.Equal(2, notices.Count);
        Assert.Equal((OutboxState.Queued, firstSent + Window), (notices[1].State, notices[1].NextAttemptAt));
    }

    [Fact]
    public async Task UpdatesWithinTheWindowAreMergedIntoOneNoticeSayingEachNewestFirst()
    {
        var disruption = await WithAsync(s => s.DeclareAsync("Mail delayed", "Mail is delayed.", true, [], []));
        await DispatchAsync();
        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        await WithAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Identified, "A full queue; draining it."));
        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        await WithAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Monitoring, "Queue drained; watching it."));

        _app.Clock.Advance(TimeSpan.FromMinutes(4));
        await DispatchAsync();

        var notices = await NoticesAsync();
        Assert.Equal(2, notices.Count);
        var merged = notices[1];
        Assert.Equal(OutboxState.Sent, merged.State);
        Assert.Equal("[Fix in place, monitoring] Mail delayed", merged.Subject);
        var monitoring = merged.Body.IndexOf("Queue drained; watching it.", StringComparison.Ordinal);
        var identified = merged.Body.IndexOf("Cause identified (2026-03-02 09:03 UTC): A full queue; draining it.", StringComparison.Ordinal);
        Assert.True(monitoring >= 0 && identified > monitoring, merged.Body);
        Assert.DoesNotContain("Mail is delayed.", merged.Body, StringComparison.Ordinal); // told already, in the first
    }

    [Fact]
    public async Task AnUpdateAfterTheWindowGoesAtOnce()
    {
        var disruption = await WithAsync(s => s.DeclareAsync("Mail delayed", "Mail is delayed.", true, [], []));
        await DispatchAsync();

        _app.Clock.Advance(Window + TimeSpan.FromMinutes(1));
        await WithAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Resolved, "Delivered."));
        await DispatchAsync();

        var notices = await NoticesAsync();
        Assert.Equal([OutboxState.Sent, OutboxState.Sent], notices.Select(n => n.State));
        Assert.DoesNotContain("Earlier updates", notices[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryUpdateStillCountsItsRecipients()
    {
        var disruption = await WithAsync(s => s.DeclareAsync("Mail delayed", "Mail is delayed.", true, [], []));
        await WithAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Identified, "A full queue."));
        await WithAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Resolved, "Delivered."));

        await using var db = _app.NewContext();
        Assert.Equal([1, 1, 1], await db.Set<DisruptionUpdate>().OrderBy(u => u.Id).Select(u => u.Notified).ToListAsync());
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == OutboxKind.Notice));
    }
}
