using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Mail;

/// <summary>Disruption notices as the customers' mail server receives them (the real SMTP server of the test script).</summary>
public sealed class DisruptionMailTests
{
    [SkippableFact]
    public async Task DeclaringToACategoryEmailsExactlyItsCustomersOnceEachAndEachUpdateAndTheResolutionOnceMore()
    {
        var (app, maildir) = TestSmtp.App();
        await using var _ = app;
        var agent = await app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        int network, billing;
        await using (var db = app.NewContext())
        {
            var n = new Category("Network");
            var b = new Category("Billing");
            db.Categories.AddRange(n, b);
            await db.SaveChangesAsync();
            (network, billing) = (n.Id, b.Id);
        }

        // Addresses of this run only: the server's Maildir is shared by the whole suite.
        var run = Guid.NewGuid().ToString("N")[..10];
        string Address(string name) => $"{name}.{run}@acme.example";
        async Task OpenAsync(string name, int category)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TicketService>()
                .OpenAsync(new NewTicketInput { RequesterEmail = Address(name), Subject = "No connection", Description = "Down", CategoryId = category }, agent);
        }

        for (var i = 0; i < 3; i++)
        {
            await OpenAsync("ana", network); // three tickets, one notice per update
        }

        await OpenAsync("fred", network);
        await OpenAsync("dee", network);
        await OpenAsync("cy", billing);
        await using (var db = app.NewContext())
        {
            var dee = Address("dee");
            (await db.Customers.SingleAsync(c => c.Email == dee)).SetNotices(optIn: false, optOut: true);
            await db.SaveChangesAsync();
        }

        async Task<T> PostAsync<T>(Func<DisruptionService, Task<T>> post)
        {
            T result;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                result = await post(scope.ServiceProvider.GetRequiredService<DisruptionService>());
            }

            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<OutboxService>().DispatchAsync(100);
            }

            return result;
        }

        var title = $"Network outage {run}";
        var disruption = await PostAsync(s => s.DeclareAsync(title, "Our network is down; we are on it.", false, [network], []));
        await PostAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Identified, "A broken switch; replacing it."));
        await PostAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Resolved, "Back to normal."));

        var received = TestSmtp.Received(maildir)
            .Where(m => m.Subject?.EndsWith($"] {title}", StringComparison.Ordinal) == true)
            .ToList();
        string[] Recipients(string status) =>
            [.. received.Where(m => m.Subject == $"[{status}] {title}").Select(m => Assert.Single(m.To).Address).Order(StringComparer.Ordinal)];
        string[] expected = [Address("ana"), Address("fred")];
        Assert.Equal(expected, Recipients("Investigating"));
        Assert.Equal(expected, Recipients("Cause identified"));
        Assert.Equal(expected, Recipients("Resolved"));
        Assert.Equal(6, received.Count);

        var first = Assert.Single(received, m => m.Subject == $"[Investigating] {title}" && m.To[0].Address == Address("ana"));
        Assert.Equal("auto-generated", first.Headers["Auto-Submitted"]);
        var body = first.TextBody!;
        Assert.Contains("Our network is down; we are on it.", body);
        Assert.Contains("https://help.example/status", body);
        Assert.Contains("https://help.example/notices/opt-out?t=", body);
        Assert.StartsWith("<https://help.example/notices/unsubscribe?t=", first.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", first.Headers["List-Unsubscribe-Post"]);

        await using var check = app.NewContext();
        Assert.All(await check.Outbox.Where(m => m.Kind == OutboxKind.Notice).ToListAsync(), m => Assert.Equal(OutboxState.Sent, m.State));
    }
}
