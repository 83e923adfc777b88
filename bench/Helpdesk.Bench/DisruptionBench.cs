using Helpdesk.Core.Sla;
using System.Diagnostics;
using System.Globalization;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Bench;

/// <summary>
/// Declaring a disruption that touches many customers, then sending its notices:
/// <c>dotnet run -c Release --project bench/Helpdesk.Bench -- disruption --customers 20000 --smtp 127.0.0.1:10025 --send 3000</c>
/// (a fresh SQLite database unless <c>--provider Postgres --connection …</c> names an empty one). Every customer has an
/// unsolved ticket in the disruption's category (every fifth has three), and a tenth as many more have tickets in
/// another category only; times the declaration and an update until every notice is queued (committed), then the
/// outbox dispatcher's rate to the SMTP server over the first <c>--send</c> notices.
/// </summary>
public static class DisruptionBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var customers = int.Parse(options.GetValueOrDefault("customers", "20000"), CultureInfo.InvariantCulture);
        var send = int.Parse(options.GetValueOrDefault("send", "3000"), CultureInfo.InvariantCulture);
        var smtp = options.GetValueOrDefault("smtp", "127.0.0.1:10025");
        var provider = options.GetValueOrDefault("provider", "Sqlite");
        var folder = Directory.CreateTempSubdirectory("helpdesk-disruption-bench-").FullName;
        var builder = HelpdeskApp.CreateBuilder([]);
        builder.Configuration["Jobs:Enabled"] = "false";
        builder.Configuration["Database:Provider"] = provider;
        builder.Configuration["ConnectionStrings:Helpdesk"] = options.GetValueOrDefault("connection", $"Data Source={Path.Combine(folder, "bench.db")}");
        builder.Configuration["Storage:DataPath"] = folder;
        builder.Configuration["Smtp:Host"] = smtp.Split(':')[0];
        builder.Configuration["Smtp:Port"] = smtp.Split(':')[1];
        builder.Configuration["Smtp:Security"] = "None";
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        await using var app = builder.Build();

        int category;
        var seed = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            await DatabaseMigrator.MigrateAsync(db);
            category = await SeedAsync(db, customers);
        }

        Console.WriteLine($"Seeded {customers:N0} customers with tickets in scope (+{customers / 10:N0} out of scope) in {seed.Elapsed.TotalSeconds:N1} s.");

        var declare = Stopwatch.StartNew();
        Disruption disruption;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            disruption = await scope.ServiceProvider.GetRequiredService<DisruptionService>()
                .DeclareAsync("Network outage", "Our network is down in the EU region; we are working on it.", false, [category], []);
        }

        declare.Stop();
        var update = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DisruptionService>()
                .PostAsync(disruption.Id, DisruptionStatus.Identified, "A failed router; traffic is moving to the standby.");
        }

        update.Stop();
        int queued;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            queued = await scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>().Outbox.CountAsync(m => m.Kind == OutboxKind.Notice);
        }

        Console.WriteLine($"Declare: {disruption.Updates.Single().Notified:N0} notices queued in {declare.Elapsed.TotalSeconds:N2} s; update: {update.Elapsed.TotalSeconds:N2} s; {queued:N0} notices in the outbox.");

        var sending = Stopwatch.StartNew();
        var sent = 0;
        while (sent < send)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var batch = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync(Math.Min(100, send - sent));
            if (batch == 0)
            {
                break;
            }

            sent += batch;
        }

        Console.WriteLine($"Outbox: {sent:N0} notices sent in {sending.Elapsed.TotalSeconds:N1} s = {sent / sending.Elapsed.TotalSeconds:N0} messages/s.");
        if (!options.ContainsKey("connection"))
        {
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    /// <summary>Customers and their unsolved tickets, through the domain (so every row is what the app writes); returns the category in scope.</summary>
    private static async Task<int> SeedAsync(HelpdeskDbContext db, int customers)
    {
        var network = new Category("Network");
        var billing = new Category("Billing");
        db.Categories.AddRange(network, billing);
        await db.SaveChangesAsync();
        var now = DateTimeOffset.UtcNow;
        var total = customers + (customers / 10);
        for (var start = 0; start < total; start += 2000)
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (var i = start; i < Math.Min(total, start + 2000); i++)
            {
                var customer = new Customer(new EmailAddress($"customer{i}@bench.example"), $"Customer {i}", null, now);
                var inScope = i < customers;
                for (var t = 0; t < (inScope && i % 5 == 0 ? 3 : 1); t++)
                {
                    var ticket = Ticket.Open("Cannot reach the service", customer, "It times out.", TicketChannel.Email, TicketPriority.Normal, Actor.System, now);
                    ticket.ChangeCategory(inScope ? network : billing, Actor.System, now);
                    SlaEngine.Apply(ticket, null, _ => throw new InvalidOperationException("no policy"), now, "bench data"); // no clocks, as the store requires
                    db.Tickets.Add(ticket);
                }
            }

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            db.ChangeTracker.Clear();
            db.Attach(network);
            db.Attach(billing);
        }

        return network.Id;
    }
}
