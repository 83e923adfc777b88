using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Helpdesk.Tests.Browser;

/// <summary>
/// The common loop in Chromium with the keyboard alone: from the queue, j opens the most urgent ticket, r and typing
/// write the reply, Ctrl+Enter sends it and (the agent's choice) opens the next ticket, s solves that one and goes on;
/// ? lists the shortcuts. At desktop width, and the ticket page at 390 px with axe.
/// </summary>
[Collection(nameof(BrowserCollection))]
public sealed class CommonLoopBrowserTests : BrowserTestBase
{
    [SkippableFact]
    public async Task AnAgentWorksThroughTheirViewWithTheKeyboard()
    {
        var baseUrl = StartServer();
        var agentId = await App.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await App.AddStandardPolicyAsync();
        var numbers = new Dictionary<string, int>();
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
            foreach (var (subject, priority) in new[] { ("Invoice wrong", TicketPriority.Normal), ("Cannot log in", TicketPriority.Urgent) })
            {
                numbers[subject] = (await tickets.OpenAsync(new NewTicketInput
                {
                    RequesterEmail = "ana@acme.example", Subject = subject, Description = "Details.", Priority = priority, NotifyRequester = false,
                }, agentId)).Number;
            }
        }

        var browser = await LaunchBrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/tickets?assignee=anyone");
        await page.GetByLabel("Email").FillAsync("avery@helpdesk.example");
        await page.GetByLabel("Password").FillAsync(HelpdeskFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/tickets?assignee=anyone");

        // ? lists the shortcuts.
        await page.Keyboard.PressAsync("Shift+Slash");
        await Assertions.Expect(page.Locator("#shortcuts")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#shortcuts")).Not.ToBeVisibleAsync();

        // 1. j: the most urgent ticket (the Urgent one is due first).
        await page.Keyboard.PressAsync("j");
        await page.WaitForURLAsync($"**/tickets/{numbers["Cannot log in"]}");

        // 2. r and the answer; the agent chooses to go on to the next ticket afterwards.
        await page.GetByLabel("then").SelectOptionAsync("NextInView");
        await page.Locator("body").PressAsync("r");
        await Assertions.Expect(page.Locator("#Input_Body")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Reset your password from the link we just sent.");
        await Assertions.Expect(page.Locator("#send-solve")).ToHaveTextAsync("Send and solve");

        // 3. Ctrl+Enter sends it, and the next ticket of the view opens.
        await page.Keyboard.PressAsync("Control+Enter");
        await page.WaitForURLAsync($"**/tickets/{numbers["Invoice wrong"]}");
        await Assertions.Expect(page.Locator("[role=status]").First).ToContainTextAsync("Reply sent");

        // s solves this one (nothing written: "Solve") and goes on: the answered ticket is the view's only other
        // unsolved one (it waits for the customer now).
        await Assertions.Expect(page.Locator("#send-solve")).ToHaveTextAsync("Solve");
        await page.Locator("body").PressAsync("s");
        await page.WaitForURLAsync($"**/tickets/{numbers["Cannot log in"]}");

        await using (var db = App.NewContext())
        {
            var urgent = await db.Tickets.AsNoTracking().SingleAsync(t => t.Number == numbers["Cannot log in"]);
            Assert.Equal((TicketStatus.Open, agentId), (urgent.Status, urgent.AssigneeId)); // answered, so theirs
            Assert.Equal(TicketStatus.Solved, (await db.Tickets.AsNoTracking().SingleAsync(t => t.Number == numbers["Invoice wrong"])).Status);
        }

        // The ticket page with its new buttons at phone width.
        var phone = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, StorageState = await context.StorageStateAsync() })).NewPageAsync();
        await phone.GotoAsync($"{baseUrl}/tickets/{numbers["Cannot log in"]}");
        await phone.Locator("#submit-update").ScrollIntoViewIfNeededAsync();
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the ticket page scrolls sideways at 390 px: " + await phone.EvaluateAsync<string>(WidestElements));
        await AssertNoSeriousViolationsAsync(phone, "the ticket page at 390 px");
        await Screenshot(phone, "ticket-loop-phone");
        await page.GotoAsync($"{baseUrl}/tickets/{numbers["Cannot log in"]}");
        await page.Locator("#submit-update").ScrollIntoViewIfNeededAsync();
        await Screenshot(page, "ticket-loop");
    }
}
