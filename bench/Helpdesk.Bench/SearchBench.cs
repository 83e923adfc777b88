using System.Diagnostics;
using System.Globalization;
using Helpdesk.Core.Ports;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Bench;

/// <summary>
/// The queue's search over a generated backlog:
/// <c>dotnet run -c Release --project bench/Helpdesk.Bench -- search --provider Sqlite --connection "Data Source=…" [--tickets 100000] [--runs 200]</c>.
/// Generates the tickets when the database is empty (about four messages each, their words drawn by Zipf's law from a
/// 5,000-word vocabulary), then runs the queue's first page as the search box asks for it (unsolved, anyone's, best match
/// first) for a mix of what agents type: a rare word, a middling word, two words, a customer's name, an organization's
/// name, a subject word; and, apart, the most common word of all (the worst case). Reports the median and 95th percentile.
/// </summary>
public static class SearchBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var provider = options.GetValueOrDefault("provider", "Sqlite");
        var connection = options["connection"];
        var runs = int.Parse(options.GetValueOrDefault("runs", "200"), CultureInfo.InvariantCulture);
        await Generator.RunAsync(["--tickets", options.GetValueOrDefault("tickets", "100000"), "--messages-per-ticket", "4", "--provider", provider, "--connection", connection]);

        var builder = HelpdeskApp.CreateBuilder([]);
        builder.Configuration["Jobs:Enabled"] = "false";
        builder.Configuration["Database:Provider"] = provider;
        builder.Configuration["ConnectionStrings:Helpdesk"] = connection;
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = options.ContainsKey("sql") ? "Information" : "Warning";
        await using var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            if (db.Provider == DatabaseProvider.Postgres)
            {
                await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync("ANALYZE");
            }

            Console.WriteLine($"{await db.Tickets.CountAsync():N0} tickets, {await db.Messages.CountAsync():N0} messages.");
        }

        var random = new Random(1);
        var words = Dataset.Vocabulary;
        Func<string>[] kinds =
        [
            () => words[random.Next(2_000, words.Length)],                                  // a rare word
            () => words[random.Next(100, 2_000)],                                           // a middling word
            () => words[random.Next(20, 500)] + " " + words[random.Next(20, 500)],          // two words
            () => "Customer " + random.Next(1, 10_000).ToString(CultureInfo.InvariantCulture), // a requester's name (substring)
            () => "Organization " + random.Next(1, 200).ToString(CultureInfo.InvariantCulture),
            () => Dataset.Subjects[random.Next(Dataset.Subjects.Length)].Split(' ')[^1],    // a word of a subject
        ];
        var mixed = await TimeAsync(app, runs, () => kinds[random.Next(kinds.Length)]());
        Console.WriteLine($"Search, mixed ({runs} searches): median {mixed.Median:N1} ms, p95 {mixed.P95:N1} ms, slowest {mixed.Slowest:N1} ms");
        foreach (var (name, pick) in new (string, Func<string>)[] { ("rare word", kinds[0]), ("middling word", kinds[1]), ("two words", kinds[2]), ("requester", kinds[3]), ("organization", kinds[4]), ("subject word", kinds[5]) })
        {
            var one = await TimeAsync(app, Math.Max(20, runs / 5), pick);
            Console.WriteLine($"Search, {name}: median {one.Median:N1} ms, p95 {one.P95:N1} ms");
        }

        var common = await TimeAsync(app, 10, () => words[0]);
        Console.WriteLine($"Search, the most common word (in most messages): median {common.Median:N1} ms, slowest {common.Slowest:N1} ms");
        return 0;
    }

    private static async Task<(double Median, double P95, double Slowest)> TimeAsync(Microsoft.AspNetCore.Builder.WebApplication app, int runs, Func<string> text)
    {
        var times = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var queries = scope.ServiceProvider.GetRequiredService<ITicketQueries>();
            var query = new QueueQuery { Text = text(), Sort = QueueSort.Relevance };
            var watch = Stopwatch.StartNew();
            await queries.QueueAsync(query, "bench-agent-001", DateTimeOffset.UtcNow);
            if (i > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1], times[^1]);
    }
}
