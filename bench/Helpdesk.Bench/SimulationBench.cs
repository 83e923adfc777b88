using System.Diagnostics;
using System.Globalization;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Sla.Simulation;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Bench;

/// <summary>
/// SLA simulator replay rate on a generated database (run the generator or bench/load.sh first):
/// <c>dotnet run -c Release --project bench/Helpdesk.Bench -- simulate --provider Sqlite --connection "Data Source=…" --days 90</c>.
/// Makes sure an office-hours policy with targets for every priority exists (warnings at 75 and 90 %, a breach raising the
/// priority, reminders), then replays the tickets created in the last <c>--days</c> days under it and under a draft with every
/// target halved, three times after a warm-up, and prints tickets per second (each ticket replayed under both setups).
/// </summary>
public static class SimulationBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var days = int.Parse(options.GetValueOrDefault("days", "90"), CultureInfo.InvariantCulture);
        var builder = HelpdeskApp.CreateBuilder([]);
        builder.Configuration["Jobs:Enabled"] = "false";
        builder.Configuration["Database:Provider"] = options.GetValueOrDefault("provider", "Sqlite");
        builder.Configuration["ConnectionStrings:Helpdesk"] = options["connection"];
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        await using var app = builder.Build();
        int policyId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            await DatabaseMigrator.MigrateAsync(db);
            policyId = await PolicyAsync(db);
        }

        var to = DateTimeOffset.UtcNow;
        var from = to.AddDays(-days);
        for (var run = 0; run < 4; run++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var policy = (await scope.ServiceProvider.GetRequiredService<ISlaStore>().FindPolicyAsync(policyId))!;
            var draft = PolicyInput.From(policy);
            draft.PadTargets();
            draft.Targets = [.. draft.Targets.Select(t => PolicyInput.ParseTarget(t) is int m and > 1 ? (m / 2).ToString(CultureInfo.InvariantCulture) : t)];
            var watch = Stopwatch.StartNew();
            var result = await scope.ServiceProvider.GetRequiredService<SlaSimulationService>().PolicyAsync(policyId, draft, from, to);
            watch.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(run == 0 ? "warm-up" : $"run {run}")}: {result.Tickets:N0} tickets in {watch.Elapsed.TotalSeconds:N2} s = {result.Tickets / watch.Elapsed.TotalSeconds:N0} tickets/s " +
                $"(met/missed now {result.MetCurrent}/{result.MissedCurrent}, draft {result.MetDraft}/{result.MissedDraft}; {result.GainedCount} breaches gained; " +
                $"escalations {result.CurrentEscalations.Total} → {result.DraftEscalations.Total})"));
        }

        return 0;
    }

    private static async Task<int> PolicyAsync(HelpdeskDbContext db)
    {
        const string Name = "Bench office hours";
        if (await db.SlaPolicies.FirstOrDefaultAsync(p => p.Name == Name) is { } existing)
        {
            return existing.Id;
        }

        var calendar = new SlaCalendar(CalendarDefinition.Parse("""
            {"name":"Bench office","timeZone":"Europe/Lisbon","week":{"monday":[["09:00","13:00"],["14:00","18:00"]],"tuesday":[["09:00","13:00"],["14:00","18:00"]],
             "wednesday":[["09:00","13:00"],["14:00","18:00"]],"thursday":[["09:00","13:00"],["14:00","18:00"]],"friday":[["09:00","13:00"],["14:00","18:00"]],
             "saturday":[],"sunday":[]},"holidays":[{"date":"2026-12-25","name":"Christmas"},{"date":"2026-06-10","name":"Portugal Day"}]}
            """).Calendar!, DateTimeOffset.UtcNow);
        db.SlaCalendars.Add(calendar);
        await db.SaveChangesAsync();
        var policy = new SlaPolicy(Name, calendar.Id, 0);
        var targets = Enum.GetValues<TicketPriority>().SelectMany(p => new[]
        {
            (SlaMetric.FirstResponse, p, 240 >> (int)p), (SlaMetric.NextResponse, p, 480 >> (int)p), (SlaMetric.Resolution, p, 2400 >> (int)p),
        });
        policy.Update(Name, calendar.Id, true, [], [], [], [], [TicketStatus.Pending, TicketStatus.OnHold], [75, 90], targets, DateTimeOffset.UtcNow);
        policy.SetEscalation([new SlaLevelAction(SlaEscalation.BreachLevel, true, TicketPriority.High, null, null, null)], 120, 3);
        db.SlaPolicies.Add(policy);
        await db.SaveChangesAsync();
        return policy.Id;
    }
}
