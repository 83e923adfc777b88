using Helpdesk.Core.Ports;
using System.Diagnostics;
using System.Globalization;
using Helpdesk.Core.Reports;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Web;
using Helpdesk.Web.Exports;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Bench;

/// <summary>
/// The supervisor's dashboard and the breach CSV over a generated backlog:
/// <c>dotnet run -c Release --project bench/Helpdesk.Bench -- report --provider Sqlite --connection "Data Source=…" [--tickets 100000] [--days 90]</c>.
/// Generates the tickets when the database is empty (two messages each), gives every ticket a first-response and
/// a resolution clock (met, met late, breached or running, spread by ticket number) where it has none, then times
/// the dashboard (satisfaction included: a survey for every solved ticket) and the breach CSV for the last <c>--days</c> days: the median and slowest of 10 runs after a warm-up.
/// </summary>
public static class ReportBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var provider = options.GetValueOrDefault("provider", "Sqlite");
        var connection = options["connection"];
        var days = int.Parse(options.GetValueOrDefault("days", "90"), CultureInfo.InvariantCulture);
        await Generator.RunAsync(["--tickets", options.GetValueOrDefault("tickets", "100000"), "--messages-per-ticket", "2", "--provider", provider, "--connection", connection]);

        var builder = HelpdeskApp.CreateBuilder([]);
        builder.Configuration["Jobs:Enabled"] = "false";
        builder.Configuration["Database:Provider"] = provider;
        builder.Configuration["ConnectionStrings:Helpdesk"] = connection;
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        await using var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            await DatabaseMigrator.MigrateAsync(db);
            var added = await AddClocksAsync(db);
            var surveys = await AddSurveysAsync(db);
            if (added + surveys > 0 && db.Provider == DatabaseProvider.Postgres)
            {
                // What autovacuum does to a table in use: statistics for the planner and a visibility map for index-only scans.
                await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
            }

            var clocks = await db.SlaClocks.CountAsync();
            Console.WriteLine($"{await db.Tickets.CountAsync():N0} tickets, {clocks:N0} clocks ({added:N0} added), {surveys:N0} surveys added.");
        }

        var now = DateTimeOffset.UtcNow;
        var filter = new ReportFilter(now.AddDays(-days), now);
        Dashboard? dashboard = null;
        var dashboardRuns = await TimeAsync(app, async reports => dashboard = await reports.DashboardAsync(filter, now));
        var rows = 0;
        long bytes = 0;
        var csvRuns = await TimeAsync(app, async reports =>
        {
            // As the export writes it: streamed through CsvHelper as rows are read.
            rows = 0;
            await using var output = new MemoryStream();
            await ReportCsv.Breaches.WriteAsync(output, Counted(reports.Breaches(filter, now, 100_000)), CancellationToken.None);
            bytes = output.Length;
        });

        async IAsyncEnumerable<BreachRow> Counted(IAsyncEnumerable<BreachRow> source)
        {
            await foreach (var row in source)
            {
                rows++;
                yield return row;
            }
        }

        var clocksInPeriod = dashboard!.Achievement.Sum(a => a.Decided + a.Running);
        Console.WriteLine($"Dashboard, last {days} days ({clocksInPeriod:N0} clocks, {dashboard.Days.Sum(d => d.Opened):N0} tickets opened, {dashboard.Satisfaction.Total.Sent:N0} surveys): median {dashboardRuns.Median:N0} ms, slowest {dashboardRuns.Slowest:N0} ms");
        Console.WriteLine($"Breach CSV ({rows:N0} rows, {bytes / 1024:N0} KB): median {csvRuns.Median:N0} ms, slowest {csvRuns.Slowest:N0} ms");
        return 0;
    }

    private static async Task<(double Median, double Slowest)> TimeAsync(WebApplication app, Func<IReportQueries, Task> run)
    {
        var times = new List<double>();
        for (var i = 0; i < 11; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var reports = scope.ServiceProvider.GetRequiredService<IReportQueries>();
            var watch = Stopwatch.StartNew();
            await run(reports);
            if (i > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return (times[times.Count / 2], times[^1]);
    }

    /// <summary>
    /// A survey for every solved ticket that has none, sent when it was solved with its clocks' outcome: two of three answered an hour later,
    /// one answer in seven bad, one in four with a comment.
    /// </summary>
    private static async Task<int> AddSurveysAsync(HelpdeskDbContext db)
    {
        var hourLater = db.Provider == DatabaseProvider.Sqlite ? "\"SolvedAt\" + 36000000000" : "\"SolvedAt\" + interval '1 hour'";
        var sql = $"""
            UPDATE "Tickets" SET "SurveySentAt" = "SolvedAt",
                "SurveySlaMet" = CASE
                    WHEN EXISTS (SELECT 1 FROM "SlaClocks" c WHERE c."TicketNumber" = "Tickets"."Number" AND (c."State" = 3 OR c."BreachedAt" IS NOT NULL)) THEN FALSE
                    WHEN EXISTS (SELECT 1 FROM "SlaClocks" c WHERE c."TicketNumber" = "Tickets"."Number") THEN TRUE END,
                "Satisfaction" = CASE WHEN "Number" % 3 = 0 THEN NULL WHEN "Number" % 7 = 0 THEN 2 ELSE 1 END,
                "SatisfactionAt" = CASE WHEN "Number" % 3 = 0 THEN NULL ELSE {hourLater} END,
                "SatisfactionComment" = CASE WHEN "Number" % 3 <> 0 AND "Number" % 4 = 0 THEN 'Generated comment' END
            WHERE "SolvedAt" IS NOT NULL AND "SurveySentAt" IS NULL
            """;
#pragma warning disable EF1002
        return await db.Database.ExecuteSqlRawAsync(sql);
#pragma warning restore EF1002
    }

    /// <summary>Clocks where a ticket has none of a metric: outcomes spread by ticket number (about 70 % met, 10 % late, 10 % breached).</summary>
    private static async Task<int> AddClocksAsync(HelpdeskDbContext db)
    {
        var added = 0;
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        foreach (var (metric, target) in new[] { (0, 60), (2, 480) })
        {
            // Used business minutes grow with the number's remainder; every tenth ticket is late, every tenth +5 breached and open.
            var used = $"((t.\"Number\" % {target * 2}) + 1)";
            var state = $"CASE WHEN t.\"Number\" % 10 = 5 THEN 0 WHEN t.\"Status\" >= 4 OR {metric} = 0 THEN CASE WHEN t.\"Number\" % 10 = 0 THEN 3 ELSE 2 END ELSE 0 END";
            var at = (string column, string minutes) => sqlite ? $"({column} + ({minutes}) * CAST(600000000 AS BIGINT))" : $"({column} + ({minutes}) * interval '1 minute')";
            var sql = $"""
                INSERT INTO "SlaClocks" ("TicketNumber","Metric","Cycle","State","PolicyId","PolicyName","CalendarId","TargetMinutes","StartedAt","RunningSince",
                    "UsedTicks","DueAt","WarnAt","WarnLevel","NextCheckAt","FirstWarnAt","BreachedAt","StoppedAt","RemindersSent","ElapsedTicks")
                SELECT t."Number", {metric}, 1, s.state, NULL, 'Bench', 0, {target}, t."CreatedAt",
                    CASE WHEN s.state = 0 THEN t."CreatedAt" END,
                    CASE WHEN s.state = 3 THEN {target + 30} ELSE s.used % {target} END * CAST(600000000 AS BIGINT),
                    CASE WHEN s.state = 0 THEN {at("t.\"CreatedAt\"", target.ToString(CultureInfo.InvariantCulture))} END, NULL, 0, NULL, NULL,
                    CASE WHEN s.state = 3 OR t."Number" % 10 = 5 THEN {at("t.\"CreatedAt\"", target.ToString(CultureInfo.InvariantCulture))} END,
                    CASE WHEN s.state IN (2, 3) THEN {at("t.\"CreatedAt\"", "s.used * 3")} END, 0,
                    CASE WHEN s.state IN (2, 3) THEN s.used * 3 * CAST(600000000 AS BIGINT) ELSE 0 END
                FROM "Tickets" t CROSS JOIN LATERAL (SELECT {state} AS state, {used} AS used) s
                WHERE NOT EXISTS (SELECT 1 FROM "SlaClocks" x WHERE x."TicketNumber" = t."Number" AND x."Metric" = {metric})
                """;
            if (sqlite)
            {
                // SQLite has no LATERAL: the same expressions through a subquery.
                sql = sql.Replace($"FROM \"Tickets\" t CROSS JOIN LATERAL (SELECT {state} AS state, {used} AS used) s", $"FROM (SELECT *, {state} AS state, {used} AS used FROM \"Tickets\" t) t JOIN (SELECT 1) one ON 1 = 1", StringComparison.Ordinal)
                    .Replace("s.state", "t.state", StringComparison.Ordinal).Replace("s.used", "t.used", StringComparison.Ordinal);
            }

            // Every value is a number made here, never input.
#pragma warning disable EF1002
            added += await db.Database.ExecuteSqlRawAsync(sql);
#pragma warning restore EF1002
        }

        return added;
    }
}
