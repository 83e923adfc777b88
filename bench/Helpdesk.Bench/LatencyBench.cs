using System.Globalization;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Identity;
using Helpdesk.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Helpdesk.Bench;

/// <summary>
/// How late the scheduled work is, end to end: from the moment a clock breaches to its alert being queued.
/// <c>dotnet run -c Release --project bench/Helpdesk.Bench -- latency --connection "Data Source=/tmp/latency.db" [--tickets 60] [--sweep 1]</c>
/// (an empty SQLite database; <c>--provider Postgres</c> with an empty PostgreSQL database). Runs the app in this
/// process with its job server on, the SLA sweep every <c>--sweep</c> seconds; opens one ticket a second under a
/// policy with a one-minute first-reply target and no warning levels, waits for every breach alert, and prints the
/// median and 95th percentile of (alert queued − breach moment).
/// </summary>
public static class LatencyBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var tickets = int.Parse(options.GetValueOrDefault("tickets", "60"), CultureInfo.InvariantCulture);
        // As command-line settings, so that whatever reads configuration while the app is composed sees them.
        var builder = HelpdeskApp.CreateBuilder(
        [
            "--Jobs:Enabled=true", $"--Jobs:SweepSeconds={options.GetValueOrDefault("sweep", "1")}", "--Jobs:OutboxSeconds=3600", "--Jobs:MailboxSeconds=3600",
            $"--Database:Provider={options.GetValueOrDefault("provider", "Sqlite")}", $"--ConnectionStrings:Helpdesk={options["connection"]}",
            $"--Storage:DataPath={Path.Combine(Path.GetTempPath(), "helpdesk-latency-bench")}", "--Logging:LogLevel:Default=Warning",
        ]);
        await using var app = builder.Build();
        string agent;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            await DatabaseMigrator.MigrateAsync(db);
            if (await db.Tickets.AnyAsync())
            {
                Console.WriteLine("The database already holds tickets: give an empty one.");
                return 1;
            }

            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            await accounts.EnsureRolesAsync();
            agent = (await accounts.CreateAsync(new NewUserInput { Email = "agent@bench.example", DisplayName = "Agent", Password = "Bench-password-1", Roles = [Roles.Agent] })).UserId!;
            await accounts.CreateAsync(new NewUserInput { Email = "sup@bench.example", DisplayName = "Supervisor", Password = "Bench-password-1", Roles = [Roles.Supervisor] });
            var now = DateTimeOffset.UtcNow;
            var calendar = new SlaCalendar(CalendarDefinition.TwentyFourSeven("Always", "UTC"), now);
            db.SlaCalendars.Add(calendar);
            await db.SaveChangesAsync();
            var policy = new SlaPolicy("One minute", calendar.Id, 1);
            policy.Update("One minute", calendar.Id, true, [], [], [], [], [], [],
                [.. Enum.GetValues<TicketPriority>().Select(p => (SlaMetric.FirstResponse, p, 1))], now);
            policy.SetEscalation([new SlaLevelAction(SlaEscalation.BreachLevel, true, null, null, null, null)], null, 1);
            db.SlaPolicies.Add(policy);
            await db.SaveChangesAsync();
        }

        await app.StartAsync();
        for (var i = 0; i < tickets; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TicketService>()
                .OpenAsync(new NewTicketInput { RequesterEmail = $"c{i}@bench.example", Subject = $"Waiting {i}", Description = "Help", Priority = TicketPriority.Normal }, agent);
            await Task.Delay(1000);
        }

        // Every breach (a minute after the last ticket) has been alerted.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        List<double> latencies;
        while (true)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            var alerts = await db.Outbox.Where(m => m.Kind == OutboxKind.Alert).Select(m => new { m.TicketNumber, m.CreatedAt }).ToListAsync();
            if (alerts.Count >= tickets || DateTime.UtcNow > deadline)
            {
                var due = await db.SlaClocks.Where(c => c.Metric == SlaMetric.FirstResponse).Select(c => new { c.TicketNumber, c.StartedAt, c.TargetMinutes }).ToListAsync();
                latencies = [.. alerts.Join(due, a => a.TicketNumber, c => c.TicketNumber, (a, c) => (a.CreatedAt - c.StartedAt.AddMinutes(c.TargetMinutes)).TotalMilliseconds).Order()];
                break;
            }

            await Task.Delay(500);
        }

        await app.StopAsync();
        if (latencies.Count == 0)
        {
            Console.WriteLine("No alert was queued.");
            return 1;
        }

        Console.WriteLine($"Breach to alert queued ({latencies.Count} of {tickets} breaches, sweep every {options.GetValueOrDefault("sweep", "1")} s): " +
            $"median {latencies[latencies.Count / 2] / 1000:N2} s, p95 {latencies[(int)Math.Ceiling(latencies.Count * 0.95) - 1] / 1000:N2} s, " +
            $"earliest {latencies[0] / 1000:N2} s, latest {latencies[^1] / 1000:N2} s");
        return 0;
    }
}
