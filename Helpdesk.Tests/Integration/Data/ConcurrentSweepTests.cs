using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Jobs;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Helpdesk.Tests.Integration.Data;

/// <summary>Two sweepers racing over the same due clocks on one shared database (PostgreSQL, SQL Server) escalate each
/// (clock, level) once.</summary>
public sealed class ConcurrentSweepTests
{
    public static TheoryData<DatabaseProvider> SharedProviders => new() { DatabaseProvider.Postgres, DatabaseProvider.SqlServer };

    [SkippableTheory]
    [MemberData(nameof(SharedProviders))]
    public async Task TwoSweepersEscalateEachClockAndLevelExactlyOnce(DatabaseProvider provider)
    {
        await using var app = new HelpdeskFactory(await TestDatabase.CreateAsync(provider));
        await app.Database.MigrateAsync();
        var agentId = await app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        await app.CreateUserAsync("sam@helpdesk.example", "Sam", Roles.Supervisor);
        await app.AddStandardPolicyAsync();
        const int tickets = 30;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<TicketService>();
            for (var i = 0; i < tickets; i++)
            {
                await service.OpenAsync(new NewTicketInput { RequesterEmail = $"c{i}@acme.example", Subject = $"Ticket {i}", Description = "Help" }, agentId);
            }
        }

        // Past 75 %, 90 % and the breach of every first-response clock (target 1 h).
        app.Clock.Advance(TimeSpan.FromMinutes(70));

        async Task<Exception?> SweepAsync()
        {
            try
            {
                await using var scope = app.Services.CreateAsyncScope();
                var job = ActivatorUtilities.CreateInstance<SweepSlaClocksJob>(scope.ServiceProvider);
                await job.RunAsync(CancellationToken.None);
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }

        for (var round = 0; round < 5; round++)
        {
            var results = await Task.WhenAll(SweepAsync(), SweepAsync(), SweepAsync());
            Assert.All(results, Assert.Null);
        }

        await using var db = app.NewContext();
        var escalations = await db.Set<SlaEscalation>().ToListAsync();
        Assert.Equal(tickets * 3, escalations.Count);
        Assert.Equal(escalations.Count, escalations.Select(e => (e.TicketNumber, e.Metric, e.Cycle, e.Level)).Distinct().Count());
        var alerts = await db.Outbox.Where(m => m.Kind == OutboxKind.Alert).ToListAsync();
        // The sweep found each clock past all three levels at once: one alert per clock names them all.
        Assert.Equal(tickets, alerts.Count);
        Assert.Equal(tickets, alerts.Select(a => a.TicketNumber).Distinct().Count());
        Assert.All(alerts, a => Assert.Equal("sam@helpdesk.example", a.To));
        Assert.Equal(tickets * 3, await db.SlaEvents.CountAsync(e => e.Kind == SlaEventKind.Warned || e.Kind == SlaEventKind.Breached));
    }
}
