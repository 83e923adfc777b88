using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Support;
using Helpdesk.Web;
using Helpdesk.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Web;

public sealed class VerbTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var builder = HelpdeskApp.CreateBuilder([]);
        builder.Configuration["ConnectionStrings:Helpdesk"] = _database.Settings.ConnectionString;
        builder.Configuration["Storage:DataPath"] = _database.Settings.DataPath;
        await using var app = builder.Build();
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Verbs.RunAsync(app, args[0], args[1..], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task MigrateAppliesTheMigrationsOnceAndThenReportsUpToDate()
    {
        var first = await RunAsync("migrate");
        var second = await RunAsync("migrate");

        Assert.Equal(0, first.Code);
        Assert.Matches(@"applied \d{14}_Baseline", first.Out);
        Assert.Equal(0, second.Code);
        Assert.Contains("up to date", second.Out);
    }

    [Fact]
    public async Task CreateAdminMakesALoginWithAllRolesAndRefusesADuplicateOrAWeakPassword()
    {
        var created = await RunAsync("create-admin", "--email", "Root@Helpdesk.example", "--password", "Sturdy-password-7");
        Assert.Equal(0, created.Code);
        Assert.Contains("Created admin root@helpdesk.example", created.Out);

        var duplicate = await RunAsync("create-admin", "--email", "root@helpdesk.example", "--password", "Sturdy-password-7");
        Assert.Equal(1, duplicate.Code);
        Assert.Contains("already exists", duplicate.Error);

        var weak = await RunAsync("create-admin", "--email", "other@helpdesk.example", "--password", "short");
        Assert.Equal(1, weak.Code);
        Assert.Contains("at least 10 characters", weak.Error);

        var noDigit = await RunAsync("create-admin", "--email", "other@helpdesk.example", "--password", "longbutnodigits");
        Assert.Equal(1, noDigit.Code);
        Assert.Contains("Password", noDigit.Error);

        var missing = await RunAsync("create-admin", "--email", "x@helpdesk.example");
        Assert.Equal(2, missing.Code);
        Assert.Contains("--password is required", missing.Error);

        await using var db = _database.NewContext();
        var roles = await (from u in db.Users
                           join ur in db.UserRoles on u.Id equals ur.UserId
                           join r in db.Roles on ur.RoleId equals r.Id
                           where u.Email == "root@helpdesk.example"
                           select r.Name).ToListAsync();
        Assert.Equal(["Admin", "Agent", "Supervisor"], roles.Order());
        Assert.Single(await db.Agents.ToListAsync());
    }

    [Fact]
    public async Task SeedDemoFillsAnEmptyDatabaseOnlyOnce()
    {
        var seeded = await RunAsync("seed-demo");
        Assert.Equal(0, seeded.Code);
        Assert.Contains("Demo login: admin@demo.helpdesk.test", seeded.Out);

        await using (var db = _database.NewContext())
        {
            Assert.Equal(Helpdesk.Infrastructure.Demo.DemoSeeder.TicketCount, await db.Tickets.CountAsync());
            Assert.True(await db.Messages.CountAsync() > Helpdesk.Infrastructure.Demo.DemoSeeder.TicketCount);
            Assert.Contains(await db.Tickets.Select(t => t.Status).Distinct().ToListAsync(), s => s == Helpdesk.Core.Domain.TicketStatus.Closed);

            // Solved and closed tickets have answered surveys of both kinds for the satisfaction report; the rest none.
            Assert.Contains(await db.Tickets.Where(t => t.Satisfaction != null).Select(t => t.Satisfaction).Distinct().ToListAsync(), r => r == Helpdesk.Core.Domain.SatisfactionRating.Bad);
            Assert.False(await db.Tickets.AnyAsync(t => t.SurveySentAt != null && t.SolvedAt == null));
        }

        var again = await RunAsync("seed-demo");
        Assert.Equal(0, again.Code);
        await using var check = _database.NewContext();
        Assert.Equal(Helpdesk.Infrastructure.Demo.DemoSeeder.TicketCount, await check.Tickets.CountAsync());
    }

    [Fact]
    public async Task MailIngestTakesARawMessageFromStandardInputOnceAsAMailServerPipeWould()
    {
        async Task<(int Code, string Out)> IngestAsync(string message)
        {
            var info = new System.Diagnostics.ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = _database.Settings.DataPath,
            };
            foreach (var arg in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "Helpdesk.Web.dll"), "mail", "ingest", "--mailbox", "pipe" })
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment["ConnectionStrings__Helpdesk"] = _database.Settings.ConnectionString;
            info.Environment["Storage__DataPath"] = _database.Settings.DataPath;
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            using var process = System.Diagnostics.Process.Start(info)!;
            await process.StandardInput.WriteAsync(message);
            process.StandardInput.Close();
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, output);
        }

        var message = "From: Ana <ana@acme.example>\r\nSubject: Piped in\r\nMessage-ID: <pipe-1@acme.example>\r\n\r\nHello from the pipe.\r\n";
        var first = await IngestAsync(message);
        var again = await IngestAsync(message);

        Assert.Equal(0, first.Code);
        Assert.Contains("Processed: New ticket #1; acknowledged.", first.Out);
        Assert.Equal(0, again.Code);
        Assert.Contains("Processed: New ticket #1", again.Out);
        await using var db = _database.NewContext();
        Assert.Equal("Piped in", (await db.Tickets.SingleAsync()).Subject);
        Assert.Equal("pipe", (await db.Inbound.SingleAsync()).Mailbox);
        Assert.Equal(2, (await IngestAsync(string.Empty)).Code);
    }
}
