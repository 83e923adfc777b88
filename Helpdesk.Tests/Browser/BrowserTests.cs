using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Helpdesk.Tests.Browser;

/// <summary>Browser tests run alone: a real browser on two shared cores needs them, and timeouts stay meaningful.</summary>
[CollectionDefinition(nameof(BrowserCollection), DisableParallelization = true)]
public sealed class BrowserCollection;

/// <summary>The app on a real Kestrel port, driven by Debian's Chromium through Playwright.</summary>
[Collection(nameof(BrowserCollection))]
public sealed class BrowserTests : BrowserTestBase
{
    private string _baseUrl = string.Empty;
    private int _ticket;

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("HELPDESK_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private async Task<IPage> StartAsync()
    {
        _baseUrl = StartServer();

        var agentId = await App.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await App.AddStandardPolicyAsync();

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
            foreach (var (subject, email, priority) in new[]
            {
                ("Printer jams on every page", "ana@acme.example", TicketPriority.High),
                ("Invoice shows the wrong VAT number", "bo@birch.example", TicketPriority.Normal),
                ("Cannot log in after password reset", "cy@acme.example", TicketPriority.Urgent),
            })
            {
                var t = await tickets.OpenAsync(new NewTicketInput { RequesterEmail = email, RequesterName = email.Split('@')[0], Subject = subject, Description = "Details of: " + subject, Priority = priority, AssigneeId = agentId }, agentId);
                _ticket = subject.StartsWith("Invoice", StringComparison.Ordinal) ? t.Number : _ticket;
            }
        }

        var browser = await LaunchBrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Debian's Chromium, headless, with the flags that keep it off this machine's closed network.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    private async Task LoginAsync(IPage page)
    {
        await page.GotoAsync(_baseUrl + "/tickets");
        await page.GetByLabel("Email").FillAsync("avery@helpdesk.example");
        await page.GetByLabel("Password").FillAsync(HelpdeskFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/tickets?assignee=me"); // an agent lands on their own unsolved tickets
    }

    [SkippableFact]
    public async Task AnAgentLogsInFiltersTheQueueOpensATicketAndReplies()
    {
        var page = await StartAsync();
        await LoginAsync(page);
        await Assertions.Expect(page.Locator("#queue tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#queue tbody tr").First).ToContainTextAsync("1st reply 15 min left");
        await Screenshot(page, "queue");

        await page.GetByLabel("Priority", new() { Exact = true }).SelectOptionAsync("urgent"); // the filter, not the bulk form's "Set priority"
        await page.WaitForURLAsync("**/tickets?*priority=urgent*");
        await Assertions.Expect(page.Locator("#queue tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#queue")).ToContainTextAsync("Cannot log in after password reset");

        await page.GetByRole(AriaRole.Link, new() { Name = "Reset", Exact = true }).ClickAsync();
        await page.GetByLabel("Search").FillAsync("VAT");
        await page.GetByLabel("Search").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#queue tbody tr")).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Link, new() { Name = "Invoice shows the wrong VAT number" }).ClickAsync();
        await page.WaitForURLAsync($"**/tickets/{_ticket}");
        await page.GetByPlaceholder("Write your reply or note…").FillAsync("We will send a corrected invoice today.");
        await Assertions.Expect(page.Locator("#submit-update")).ToHaveTextAsync("Send reply");
        await page.Locator("#submit-update").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Reply sent.");
        await Assertions.Expect(page.Locator(".conversation")).ToContainTextAsync("We will send a corrected invoice today.");
        await Assertions.Expect(page.Locator("#ticket-status")).ToHaveTextAsync("Open");
        await Assertions.Expect(page.Locator("#audit-trail")).ToContainTextAsync("Reply");
        await Assertions.Expect(page.Locator("#sla-panel")).ToContainTextAsync("First response");
        await Assertions.Expect(page.Locator("#sla-panel")).ToContainTextAsync("Met");
        await Screenshot(page, "ticket");
    }

    [SkippableFact]
    public async Task TheQueueAndTicketPagesHaveNoSeriousAccessibilityViolations()
    {
        var page = await StartAsync();
        await LoginAsync(page);

        foreach (var url in new[] { "/tickets", $"/tickets/{_ticket}", "/tickets/new", "/customers", "/login" })
        {
            await page.GotoAsync(_baseUrl + url);
            await AssertNoSeriousViolationsAsync(page, url);
        }
    }

    [SkippableTheory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task TheMostUrgentTicketIsAnsweredAndSolvedInOneStepAndTheTimelineSpeaksWords(int width)
    {
        var page = await StartAsync();
        await page.SetViewportSizeAsync(width, 900);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        App.Clock.Advance(TimeSpan.FromHours(2)); // past the urgent ticket's first-reply target
        await LoginAsync(page);
        await AssertNoSeriousViolationsAsync(page, $"the queue at {width} px");

        // "Your unsolved tickets", most urgent first: open it, answer, solve, in one submit.
        await page.Locator("#queue tbody tr").First.GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Cannot log in after password reset");
        await AssertNoSeriousViolationsAsync(page, $"the ticket at {width} px");
        await page.GetByPlaceholder("Write your reply or note…").FillAsync("The reset link is sent again; it works now.");
        await Assertions.Expect(page.Locator("#submit-update")).ToHaveTextAsync("Send reply");
        await page.GetByLabel("Status").SelectOptionAsync("Solved");
        await Assertions.Expect(page.Locator("#submit-update")).ToHaveTextAsync("Send and solve");
        await page.Locator("#submit-update").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Reply sent and ticket solved.");
        await Assertions.Expect(page.Locator("#ticket-status")).ToHaveTextAsync("Solved");
        await page.GetByText("Clock timeline").ClickAsync();
        await Assertions.Expect(page.Locator("#sla-timeline")).ToContainTextAsync("First response: Met late");
        Assert.DoesNotContain("MetLate", await page.Locator("main").InnerTextAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"the ticket scrolls sideways at {width} px");
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task DiscardingAQuarantinedEmailSaysWhatItDoesAndAsksFirst()
    {
        var page = await StartAsync();
        await App.CreateUserAsync("alex@helpdesk.example", "Alex Admin", Roles.All.ToArray());
        long id;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var row = await scope.ServiceProvider.GetRequiredService<Helpdesk.Infrastructure.Mail.Intake.InboundMailProcessor>()
                .ReceiveAsync("pipe", null, null, System.Text.Encoding.ASCII.GetBytes("Subject: Who am I\r\n\r\nNo sender.\r\n"), new Helpdesk.Core.Mail.MailboxDefaults());
            Assert.Equal(Helpdesk.Core.Mail.InboundState.Quarantined, row.State);
            id = row.Id;
        }

        await page.GotoAsync(_baseUrl + "/login");
        await page.GetByLabel("Email").FillAsync("alex@helpdesk.example");
        await page.GetByLabel("Password").FillAsync(HelpdeskFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/tickets?assignee=anyone"); // a supervisor lands on all unsolved tickets
        await page.GotoAsync(_baseUrl + "/admin/mail");

        var answers = new Queue<bool>([false, true]);
        var asked = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            if (answers.Dequeue())
            {
                await dialog.AcceptAsync();
            }
            else
            {
                await dialog.DismissAsync();
            }
        };

        // Cancelled: nothing happens. Confirmed: the email is discarded.
        await page.GetByRole(AriaRole.Button, new() { Name = "Discard" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Discard" })).ToBeVisibleAsync();
        Assert.Equal("Discard the email “Who am I” from an unknown sender? It will not become a ticket or a reply.", Assert.Single(asked));
        await using (var db = App.NewContext())
        {
            Assert.Equal(Helpdesk.Core.Mail.InboundState.Quarantined, (await db.Inbound.FindAsync(id))!.State);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Discard" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Discard" })).ToHaveCountAsync(0);
        Assert.Equal(2, asked.Count);
    }

    [SkippableFact]
    public async Task ASupervisorPreviewsDeclaresResolvesAndRepliesToAllAtDesktopAndPhoneWidth()
    {
        var page = await StartAsync();
        await App.CreateUserAsync("sam@helpdesk.example", "Sam Supervisor", Roles.Supervisor, Roles.Agent);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        await page.GotoAsync(_baseUrl + "/login");
        await page.GetByLabel("Email").FillAsync("sam@helpdesk.example");
        await page.GetByLabel("Password").FillAsync(HelpdeskFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/tickets?assignee=anyone");

        await page.GotoAsync(_baseUrl + "/disruptions");
        await page.GetByLabel("Title").FillAsync("Login service down");
        await page.GetByLabel("Message to customers").FillAsync("Sign-in fails for everyone; we are on it.");
        await page.GetByLabel("It touches everyone").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview who is emailed" }).ClickAsync();
        await Assertions.Expect(page.Locator("#disruption-preview")).ToContainTextAsync("Declaring emails 3 customers now and links 3 unsolved tickets.");
        await Assertions.Expect(page.Locator("#disruption-preview")).ToContainTextAsync("Invoice shows the wrong VAT number");
        foreach (var width in new[] { 1366, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"the preview scrolls sideways at {width} px");
            await AssertNoSeriousViolationsAsync(page, $"the disruption preview at {width} px");
            await Screenshot(page, width == 390 ? "disruption-preview-phone" : "disruption-preview");
        }

        await page.SetViewportSizeAsync(1366, 900);
        await page.GetByRole(AriaRole.Button, new() { Name = "Declare and email 3 customers" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("3 customers will be emailed and 3 unsolved tickets are linked");

        await page.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "Resolved" });
        await page.GetByLabel("Message to customers").FillAsync("Sign-in works again.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post and notify" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Resolved");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("touches everyone");
        foreach (var width in new[] { 1366, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"the disruption page scrolls sideways at {width} px");
            await Screenshot(page, width == 390 ? "disruption-phone" : "disruption");
        }

        await page.SetViewportSizeAsync(1366, 900);

        await Assertions.Expect(page.GetByLabel("Also solve them")).Not.ToBeCheckedAsync();
        await page.GetByLabel("Reply (each customer gets it on their ticket, from you)").FillAsync("All fixed; sorry for the trouble.");
        await page.GetByLabel("Also solve them").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reply to all" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("replied to 3 linked tickets and solved them");

        await page.SetViewportSizeAsync(390, 900);
        await page.ReloadAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the disruption page scrolls sideways at 390 px");
        await AssertNoSeriousViolationsAsync(page, "the resolved disruption at 390 px");
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task OnAPhoneTheQueueShowsItsFirstTicketAndItsSlaWithoutScrolling()
    {
        var page = await StartAsync();
        await page.SetViewportSizeAsync(390, 844);
        await LoginAsync(page);

        var first = page.Locator("#queue tbody tr").First;
        await Assertions.Expect(first).ToBeInViewportAsync();
        await Assertions.Expect(first.Locator("[data-sla]")).ToBeInViewportAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the queue scrolls sideways");
        var box = await first.Locator("[data-sla]").BoundingBoxAsync();
        Assert.True(box!.X + box.Width <= 390, $"the SLA badge ends at {box.X + box.Width} px");
        await Screenshot(page, "queue-phone");

        // The views and the other filters are one tap away.
        await page.GetByRole(AriaRole.Button, new() { Name = "View: Your unsolved tickets" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "All unsolved tickets" }).ClickAsync();
        await page.WaitForURLAsync("**/tickets?assignee=anyone");
        await page.GetByRole(AriaRole.Button, new() { Name = "More filters" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Priority", new() { Exact = true })).ToBeVisibleAsync();

        // At desktop width everything is there without a tap.
        await page.SetViewportSizeAsync(1366, 900);
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByLabel("Priority", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "SLA breached" })).ToBeVisibleAsync();
        await Screenshot(page, "queue-desktop");
    }

    [SkippableFact]
    public async Task LongNamesNeverBreakTheLayoutAndOnAPhoneTheFieldsSitJustAboveTheSubmitButton()
    {
        var page = await StartAsync();
        var agentId = await App.CreateUserAsync("sam@helpdesk.example", "Sam Supervisor", Roles.Supervisor, Roles.Agent);
        int number, customerId, organizationId;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await using (var db = App.NewContext())
            {
                var organization = new Organization(new string('O', Limits.NameLength), "long.example", null, App.Clock.GetUtcNow());
                db.Organizations.Add(organization);
                await db.SaveChangesAsync();
                organizationId = organization.Id;
            }

            var ticket = await scope.ServiceProvider.GetRequiredService<TicketService>().OpenAsync(new NewTicketInput
            {
                RequesterEmail = "someone@long.example", RequesterName = new string('N', Limits.NameLength), Subject = new string('S', Limits.SubjectLength),
                Description = new string('D', 3000), Priority = TicketPriority.Urgent, AssigneeId = agentId,
            }, agentId);
            number = ticket.Number;
            customerId = ticket.RequesterId;
        }

        await page.SetViewportSizeAsync(390, 844);
        await LoginAsync(page);
        foreach (var path in new[] { "/tickets?assignee=anyone", $"/tickets/{number}", $"/customers/{customerId}", $"/organizations/{organizationId}", "/customers", "/organizations" })
        {
            await page.GotoAsync(_baseUrl + path);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
                $"{path} scrolls sideways at 390 px: " + await page.EvaluateAsync<string>(WidestElements));
        }

        // On a phone the properties come right above the reply box and its button, and the hint says so.
        await page.GotoAsync(_baseUrl + $"/tickets/{number}");
        var status = await page.GetByLabel("Status").BoundingBoxAsync();
        var body = await page.GetByPlaceholder("Write your reply or note…").BoundingBoxAsync();
        var submit = await page.Locator("#submit-update").BoundingBoxAsync();
        var audit = await page.Locator("#audit-trail").BoundingBoxAsync();
        Assert.True(status!.Y < body!.Y && body.Y < submit!.Y && submit.Y < audit!.Y, $"status {status.Y}, message {body.Y}, submit {submit!.Y}, audit trail {audit!.Y}");
        Assert.True(submit.Y - status.Y < 1200, $"the status is {submit.Y - status.Y} px above the button");
        await Assertions.Expect(page.GetByText("together with the fields above")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("together with the fields on the right")).ToBeHiddenAsync();
        await Screenshot(page, "ticket-phone");

        // At desktop width they are beside it, on the right.
        await page.SetViewportSizeAsync(1366, 900);
        status = await page.GetByLabel("Status").BoundingBoxAsync();
        body = await page.GetByPlaceholder("Write your reply or note…").BoundingBoxAsync();
        Assert.True(status!.X > body!.X + body.Width, $"status at x {status.X}, message box ends at {body.X + body.Width}");
        await Assertions.Expect(page.GetByText("together with the fields on the right")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the ticket scrolls sideways at 1366 px");
        await Screenshot(page, "ticket-desktop");

        // The supervisor's reports fit a phone.
        await page.Context.ClearCookiesAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(_baseUrl + "/login");
        await page.GetByLabel("Email").FillAsync("sam@helpdesk.example");
        await page.GetByLabel("Password").FillAsync(HelpdeskFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/tickets?assignee=anyone");
        foreach (var path in new[] { "/reports", "/reports/breaches" })
        {
            await page.GotoAsync(_baseUrl + path);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{path} scrolls sideways at 390 px");
        }

        await Screenshot(page, "reports-phone");
    }

    [SkippableFact]
    public async Task AnAdminWritesACalendarWithTheFormAtPhoneWidth()
    {
        var page = await StartAsync();
        await App.CreateUserAsync("ada@helpdesk.example", "Ada Admin", Roles.All.ToArray());
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(_baseUrl + "/login");
        await page.GetByLabel("Email").FillAsync("ada@helpdesk.example");
        await page.GetByLabel("Password").FillAsync(HelpdeskFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/tickets?**");

        await page.GotoAsync(_baseUrl + "/admin/calendars/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Porto office");
        await page.GetByLabel("Monday").FillAsync("08:30–12:30, 13:30–17:30");
        await page.GetByLabel("Holiday 1: date").FillAsync("2027-06-24");
        await page.GetByLabel("Holiday 1: name").FillAsync("São João");
        await page.GetByLabel("Holiday 1: open hours").FillAsync("");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the calendar form scrolls sideways at 390 px: " + await page.EvaluateAsync<string>(WidestElements));
        await AssertNoSeriousViolationsAsync(page, "the calendar form at 390 px");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save calendar" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Calendar Porto office saved.");
        await Assertions.Expect(page.GetByLabel("Monday")).ToHaveValueAsync("08:30–12:30, 13:30–17:30");
        // The template's Christmas comes first now: the rows are kept in date order.
        await Assertions.Expect(page.GetByLabel("Holiday 1: date")).ToHaveValueAsync("2026-12-25");
        await Assertions.Expect(page.GetByLabel("Holiday 2: name")).ToHaveValueAsync("São João");
        await Screenshot(page, "calendar-phone");

        // The policy list names each policy's conditions and targets in words, at phone width too.
        await page.GotoAsync(_baseUrl + "/admin/policies");
        await Assertions.Expect(page.Locator("#policies")).ToContainTextAsync("priority any; channel any; any organization; any category");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the policy list scrolls sideways at 390 px: " + await page.EvaluateAsync<string>(WidestElements));
        await AssertNoSeriousViolationsAsync(page, "the policy list at 390 px");
        await Screenshot(page, "policies-phone");

        // The service form, with its organizations' targets, at phone width too.
        await page.GotoAsync(_baseUrl + "/admin/services/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Email");
        await page.GetByLabel("Monthly target (%)").FillAsync("99.9");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the service form scrolls sideways at 390 px: " + await page.EvaluateAsync<string>(WidestElements));
        await AssertNoSeriousViolationsAsync(page, "the service form at 390 px");
        await Screenshot(page, "service-phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save service" }).ClickAsync();
        await Assertions.Expect(page.Locator("#services")).ToContainTextAsync("99.9 %");
        await AssertNoSeriousViolationsAsync(page, "the service list at 390 px");

        // The public status page draws its 90 days of history at phone width.
        await page.GotoAsync(_baseUrl + "/status");
        await Assertions.Expect(page.Locator("#service-status")).ToContainTextAsync("Email");
        Assert.Equal(90, await page.Locator("#service-status .uptime-bars li").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the status page scrolls sideways at 390 px: " + await page.EvaluateAsync<string>(WidestElements));
        await AssertNoSeriousViolationsAsync(page, "the status page at 390 px");
        await Screenshot(page, "status-phone");
    }

    [SkippableFact]
    public async Task TheJobDashboardOpensForAnAdminUnderThePagesSecurityPolicy()
    {
        var page = await StartAsync();
        await App.CreateUserAsync("ada@helpdesk.example", "Ada Admin", Roles.All.ToArray());
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            // Its chart sets inline styles, which the page's policy refuses; that is the one expected complaint.
            if (message.Type == "error" && !message.Text.Contains("style", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(message.Text);
            }
        };
        await page.GotoAsync(_baseUrl + "/login");
        await page.GetByLabel("Email").FillAsync("ada@helpdesk.example");
        await page.GetByLabel("Password").FillAsync(HelpdeskFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/tickets?**");

        await page.GotoAsync(_baseUrl + "/admin/jobs");
        foreach (var width in new[] { 1366, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
                $"the jobs page scrolls sideways at {width} px: " + await page.EvaluateAsync<string>(WidestElements));
            await AssertNoSeriousViolationsAsync(page, $"the jobs page at {width} px");
            await Screenshot(page, width == 390 ? "jobs-phone" : "jobs");
        }

        await page.SetViewportSizeAsync(1366, 900);
        await page.GetByRole(AriaRole.Link, new() { Name = "Job dashboard" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/hangfire**");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Helpdesk jobs");
        await page.GotoAsync(_baseUrl + "/admin/hangfire/servers");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Servers");
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task ADraftSurvivesLinkingADisruptionAndAReloadAndLeavingWithOneAsksFirst()
    {
        var page = await StartAsync();
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DisruptionService>().DeclareAsync("Mail delayed", "Mail is late today.", true, [], []);
        }

        await LoginAsync(page);
        await page.GotoAsync($"{_baseUrl}/tickets/{_ticket}");
        await page.GetByPlaceholder("Write your reply or note…").FillAsync("Half-written answer about the invoice.");
        await page.GetByLabel("Priority").SelectOptionAsync(new SelectOptionValue { Label = "Urgent" });

        // Linking the disruption is its own form: sending it asks first, and the draft comes back after it.
        string? asked = null;
        page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync();
        };
        await page.Locator("#disruption-select").SelectOptionAsync(new SelectOptionValue { Label = "Mail delayed" });
        await page.Locator("button[form=disruption-form]").ClickAsync();
        await Assertions.Expect(page.GetByText("Linked to the disruption.")).ToBeVisibleAsync();
        Assert.Contains("not saved yet", asked);
        await Assertions.Expect(page.GetByPlaceholder("Write your reply or note…")).ToHaveValueAsync("Half-written answer about the invoice.");
        await Assertions.Expect(page.Locator("#Input_Priority option:checked")).ToHaveTextAsync("Urgent");
        await Assertions.Expect(page.Locator("#draft-notice")).ToBeVisibleAsync();

        // A reload keeps it too; sending the form saves both and the draft is gone.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByPlaceholder("Write your reply or note…")).ToHaveValueAsync("Half-written answer about the invoice.");
        await page.Locator("#submit-update").ClickAsync();
        await Assertions.Expect(page.Locator(".conversation")).ToContainTextAsync("Half-written answer about the invoice.");
        await Assertions.Expect(page.Locator("#Input_Priority option:checked")).ToHaveTextAsync("Urgent");
        await Assertions.Expect(page.Locator("#draft-notice")).ToBeHiddenAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByPlaceholder("Write your reply or note…")).ToHaveValueAsync(string.Empty);

        // Leaving with something typed asks (beforeunload); with nothing typed it does not.
        await page.GetByPlaceholder("Write your reply or note…").FillAsync("Another thought");
        asked = null;
        await page.GetByRole(AriaRole.Link, new() { Name = "Tickets", Exact = true }).First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/tickets\\?assignee=me$"));
        Assert.NotNull(asked);
    }

    [SkippableFact]
    public async Task ReceivedHtmlThatClosesThePagesListItemStaysInsideItsMessage()
    {
        var page = await StartAsync();

        // A bare <li> inside <div>s: parsed in the page, it would close the conversation's own list item, and the
        // "sign in again" heading after it would stand as the page's own words.
        var html = "<div><div><li>Item</li></div></div><h1>Session expired: sign in again at evil.example</h1><p>After the heading.</p>" +
            "<table><tr><td><li>In a cell</li></td></tr></table><dd>Loose definition</dd></li></ol></div><h2>Also outside?</h2>";
        var raw = "From: Mallory <mallory@evil.example>\r\nSubject: Spoof\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n";
        int number;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var row = await scope.ServiceProvider.GetRequiredService<Helpdesk.Infrastructure.Mail.Intake.InboundMailProcessor>()
                .ReceiveAsync("pipe", null, null, System.Text.Encoding.UTF8.GetBytes(raw), new Helpdesk.Core.Mail.MailboxDefaults());
            number = row.TicketNumber!.Value;
        }

        await LoginAsync(page);
        foreach (var width in new[] { 1366, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.GotoAsync($"{_baseUrl}/tickets/{number}");
            await Assertions.Expect(page.GetByText("Session expired: sign in again at evil.example")).ToBeVisibleAsync();

            // As Chromium built the page: one message in the conversation, and every heading of the mail inside it.
            Assert.Equal(1, await page.Locator("ol.conversation > li").CountAsync());
            var outside = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6,li,p,dd')].filter(e => /Session expired|After the heading|Also outside|In a cell|Loose definition|^Item$/.test(e.textContent.trim()) && !e.closest('.message-html') && !e.querySelector('.message-html')).map(e => e.outerHTML)");
            Assert.True(outside.Length == 0, "escaped the message: " + string.Join(" | ", outside));
            Assert.Equal(1, await page.EvaluateAsync<int>("() => [...document.querySelectorAll('h1')].filter(h => !h.closest('.message-html')).length"));
            await Screenshot(page, width == 390 ? "spoof-phone" : "spoof");
        }
    }
}
