using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Helpdesk.Tests.Browser;

/// <summary>
/// The customer portal in Chromium, with its sign-in link read out of the real SMTP server's mailbox: a customer signs
/// in, cannot use the link twice, cannot reach another customer's request, never sees internal notes, replies, opens a
/// request with a file, solves and rates; at phone width, with axe finding nothing serious.
/// </summary>
[Collection(nameof(BrowserCollection))]
public sealed class PortalBrowserTests : BrowserTestBase
{
    private string _maildir = string.Empty;

    protected override HelpdeskFactory CreateApp()
    {
        var (app, maildir) = TestSmtp.App();
        _maildir = maildir;
        return app;
    }

    private async Task DispatchAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync(100);
    }

    [SkippableFact]
    public async Task ACustomerSignsInFromTheEmailedLinkAndWorksTheirRequestAtPhoneWidth()
    {
        var baseUrl = StartServer();
        var agentId = await App.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await App.AddStandardPolicyAsync();

        // Addresses of this run only: the server's Maildir is shared by the whole suite.
        var run = Guid.NewGuid().ToString("N")[..10];
        var ana = $"ana.{run}@acme.example";
        int mine, theirs;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
            mine = (await tickets.OpenAsync(new NewTicketInput { RequesterEmail = ana, RequesterName = "Ana Lima", Subject = "Printer jams", Description = "Every page jams.", Channel = TicketChannel.Email }, agentId)).Number;
            theirs = (await tickets.OpenAsync(new NewTicketInput { RequesterEmail = $"bo.{run}@birch.example", Subject = "Bo's private matter", Description = "Private.", Channel = TicketChannel.Email }, agentId)).Number;
            var store = scope.ServiceProvider.GetRequiredService<IHelpdeskStore>();
            foreach (var (body, visibility) in new[] { ("Customer is on the old firmware; do not tell them yet.", MessageVisibility.Internal), ("Which tray do you use?", MessageVisibility.Public) })
            {
                var version = (await store.FindTicketAsync(mine))!.Version;
                await tickets.UpdateAsync(mine, new TicketUpdateInput { Version = version, Body = body, Visibility = visibility, Status = TicketStatus.Open, Priority = TicketPriority.Normal }, agentId);
            }
        }

        var browser = await LaunchBrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        var page = await context.NewPageAsync();

        // Not signed in: the portal asks for the address, and says the same whatever it is.
        await page.GotoAsync(baseUrl + "/portal");
        await page.GetByLabel("Your email address").FillAsync(ana);
        await AssertNoSeriousViolationsAsync(page, "the portal's sign-in page at 390 px");
        await Screenshot(page, "portal-sign-in-phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a sign-in link" }).ClickAsync();
        await Assertions.Expect(page.Locator("#link-sent")).ToContainTextAsync("a sign-in link is on its way");

        // The link as the customer's mail server received it.
        await DispatchAsync();
        var mail = Assert.Single(TestSmtp.Received(_maildir), m => m.To.Any(t => t.Address == ana) && m.Subject?.StartsWith("Your sign-in link", StringComparison.Ordinal) == true);
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(mail.TextBody!, @"https?://\S+/portal/sign-in/\S+").Value).PathAndQuery;
        await page.GotoAsync(baseUrl + link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/portal");
        await Assertions.Expect(page.Locator("#portal-tickets")).ToContainTextAsync("Printer jams");
        Assert.DoesNotContain("Bo's private matter", await page.Locator("main").InnerTextAsync());
        await AssertNoSeriousViolationsAsync(page, "the portal's list at 390 px");

        // A second use of the link, from another browser, is refused.
        var other = await (await browser.NewContextAsync()).NewPageAsync();
        await other.GotoAsync(baseUrl + link);
        await other.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(other.Locator("#link-refused")).ToBeVisibleAsync();

        // Another customer's request, by its number: not found.
        var foreign = await page.GotoAsync($"{baseUrl}/portal/tickets/{theirs}");
        Assert.Equal(404, foreign!.Status);

        // Their own request: the public conversation, never the internal note; the SLA in words.
        await page.GotoAsync($"{baseUrl}/portal/tickets/{mine}");
        await Assertions.Expect(page.Locator("#portal-conversation")).ToContainTextAsync("Which tray do you use?");
        Assert.DoesNotContain("old firmware", await page.ContentAsync());
        await Assertions.Expect(page.Locator("#portal-sla")).ToContainTextAsync("Answered in");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the portal's request scrolls sideways at 390 px: " + await page.EvaluateAsync<string>(WidestElements));
        await AssertNoSeriousViolationsAsync(page, "the portal's request at 390 px");
        await Screenshot(page, "portal-ticket-phone");

        // A reply.
        await page.GetByLabel("Your reply").FillAsync("The lower tray.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your reply was added.");
        await Assertions.Expect(page.Locator("#portal-conversation")).ToContainTextAsync("The lower tray.");

        // A new request with a file.
        await page.GotoAsync(baseUrl + "/portal/tickets/new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Give your request a short subject.");
        await page.GetByLabel("Subject").FillAsync("VPN drops every hour");
        await page.GetByLabel("Description").FillAsync("Since Monday, on every laptop.");
        await page.GetByLabel("Attachments").SetInputFilesAsync(new FilePayload { Name = "vpn.log", MimeType = "text/plain", Buffer = "12:00 tunnel down"u8.ToArray() });
        await AssertNoSeriousViolationsAsync(page, "the portal's new request at 390 px");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("was received");
        await Assertions.Expect(page.Locator("#portal-conversation")).ToContainTextAsync("vpn.log");
        await Assertions.Expect(page.Locator("#portal-sla")).ToContainTextAsync("First reply due by");

        // Solved by the customer, then rated.
        await page.GotoAsync($"{baseUrl}/portal/tickets/{mine}");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "My problem is solved" }).ClickAsync();
        await Assertions.Expect(page.Locator("#portal-status")).ToHaveTextAsync("Solved");
        await page.GetByLabel("Good, I am satisfied").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my rating" }).ClickAsync();
        await Assertions.Expect(page.Locator("#portal-rating")).ToContainTextAsync("good");
        await Screenshot(page, "portal-solved-phone");

        await page.SetViewportSizeAsync(1366, 900);
        await page.GotoAsync(baseUrl + "/portal");
        await Screenshot(page, "portal");
    }
}
