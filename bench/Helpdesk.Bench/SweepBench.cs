using System.Diagnostics;
using System.Globalization;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Sla;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Jobs;
using Helpdesk.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Bench;

/// <summary>
/// SLA sweep cost on a generated database (run the generator or bench/load.sh first):
/// <c>dotnet run -c Release --project bench/Helpdesk.Bench -- sweep --provider Sqlite --connection "Data Source=…" --due 10000</c>.
/// Gives every unsolved ticket a running first-response clock under a 24x7 policy, times a sweep when nothing
/// is due, then makes <c>--due</c> clocks overdue and times the sweep that breaches them and queues their alerts.
/// </summary>
public static class SweepBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var due = int.Parse(options.GetValueOrDefault("due", "10000"), CultureInfo.InvariantCulture);
        var builder = HelpdeskApp.CreateBuilder([]);
        builder.Configuration["Jobs:Enabled"] = "false";
        builder.Configuration["Database:Provider"] = options.GetValueOrDefault("provider", "Sqlite");
        builder.Configuration["ConnectionStrings:Helpdesk"] = options["connection"];
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        await using var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            await DatabaseMigrator.MigrateAsync(db);
            await scope.ServiceProvider.GetRequiredService<Helpdesk.Infrastructure.Identity.AccountService>().EnsureRolesAsync();
            await PrepareAsync(db);
        }

        // Nothing due: 30 sweeps after a warm-up (JIT, first query plans); the median and the slowest.
        var runs = new List<double>();
        for (var i = 0; i < 31; i++)
        {
            var nothing = await SweepAsync(app);
            if (i > 0)
            {
                runs.Add(nothing.Elapsed.TotalMilliseconds);
            }
        }

        runs.Sort();
        Console.WriteLine($"Sweep with nothing due: median {runs[runs.Count / 2]:N1} ms, slowest {runs[^1]:N1} ms over {runs.Count} sweeps");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            var past = DateTimeOffset.UtcNow.AddMinutes(-1);
            var ids = await db.SlaClocks.Where(c => c.State == SlaClockState.Running && c.BreachedAt == null && c.WarnLevel == 0)
                .OrderBy(c => c.Id).Select(c => c.Id).Take(due).ToListAsync();
            foreach (var chunk in ids.Chunk(1000))
            {
                await db.SlaClocks.Where(c => chunk.Contains(c.Id)).ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.NextCheckAt, past)
                    .SetProperty(c => c.RunningSince, DateTimeOffset.UtcNow.AddHours(-9)));
            }

            Console.WriteLine($"{ids.Count} clocks now overdue.");
        }

        var alertsBefore = await CountAlertsAsync(app);
        var swept = await SweepAsync(app);
        var alerts = await CountAlertsAsync(app) - alertsBefore;
        Console.WriteLine($"Sweep of {due} due clocks: {swept.Elapsed.TotalSeconds:N1} s ({swept.Tickets} tickets brought up to date, {swept.Escalations} escalations, {alerts} alerts queued)");
        var again = await SweepAsync(app);
        Console.WriteLine($"Next sweep: {again.Elapsed.TotalMilliseconds:N1} ms ({again.Tickets} tickets)");
        return 0;
    }

    /// <summary>A 24x7 policy and a running 8-hour first-response clock (due tomorrow) on every unsolved ticket without clocks.</summary>
    private static async Task PrepareAsync(HelpdeskDbContext db)
    {
        // The first bench agent is a supervisor, so that escalations queue alerts.
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"AspNetUserRoles\" (\"UserId\", \"RoleId\") SELECT 'bench-agent-000', r.\"Id\" FROM \"AspNetRoles\" r WHERE r.\"Name\" = 'Supervisor' " +
            "AND NOT EXISTS (SELECT 1 FROM \"AspNetUserRoles\" x WHERE x.\"UserId\" = 'bench-agent-000' AND x.\"RoleId\" = r.\"Id\")");
        if (await db.SlaClocks.AnyAsync())
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var calendar = new SlaCalendar(CalendarDefinition.TwentyFourSeven("Bench 24x7", "UTC"), now);
        db.SlaCalendars.Add(calendar);
        await db.SaveChangesAsync();
        var policy = new SlaPolicy("Bench", calendar.Id, 1);
        policy.Update("Bench", calendar.Id, true, [], [], [], [], [], [75, 90],
            Enum.GetValues<TicketPriority>().Select(p => (SlaMetric.FirstResponse, p, 8 * 60)), now);
        db.SlaPolicies.Add(policy);
        await db.SaveChangesAsync();

        // Bulk rows in SQL: one running clock per unsolved ticket, next check tomorrow.
        var next = now.AddDays(1);
        var tickets = await db.Tickets.Where(t => t.Status < TicketStatus.Solved).Select(t => t.Number).ToListAsync();
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        foreach (var chunk in tickets.Chunk(5000))
        {
            var values = string.Join(",", chunk.Select(n => sqlite
                ? $"({n},0,1,0,{policy.Id},'Bench',{calendar.Id},480,{now.UtcTicks},{now.UtcTicks},0,{next.UtcTicks},{now.AddHours(6).UtcTicks},0,{next.UtcTicks},{now.AddHours(6).UtcTicks},0)"
                : $"({n},0,1,0,{policy.Id},'Bench',{calendar.Id},480,'{now:O}','{now:O}',0,'{next:O}','{now.AddHours(6):O}',0,'{next:O}','{now.AddHours(6):O}',0)"));
            // Every value is a number or a timestamp made here, never input.
#pragma warning disable EF1003
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"SlaClocks\" (\"TicketNumber\",\"Metric\",\"Cycle\",\"State\",\"PolicyId\",\"PolicyName\",\"CalendarId\",\"TargetMinutes\",\"StartedAt\",\"RunningSince\",\"UsedTicks\",\"DueAt\",\"WarnAt\",\"WarnLevel\",\"NextCheckAt\",\"FirstWarnAt\",\"RemindersSent\") VALUES " + values);
#pragma warning restore EF1003
        }

        Console.WriteLine($"Prepared {tickets.Count} running clocks.");
    }

    private static async Task<(TimeSpan Elapsed, int Tickets, int Escalations)> SweepAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<SweepSlaClocksJob>(scope.ServiceProvider);
        var watch = Stopwatch.StartNew();
        var (tickets, escalations) = await job.SweepAsync(CancellationToken.None);
        return (watch.Elapsed, tickets, escalations);
    }

    private static async Task<int> CountAlertsAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>().Outbox.CountAsync(m => m.Kind == Helpdesk.Core.Mail.OutboxKind.Alert);
    }
}
