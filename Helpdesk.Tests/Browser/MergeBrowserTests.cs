using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Helpdesk.Tests.Browser;

/// <summary>Merging in Chromium: the ticket page's merge card, the preview at 390 px with axe, the confirmation, the survivor.</summary>
[Collection(nameof(BrowserCollection))]
public sealed class MergeBrowserTests : BrowserTestBase
{
    [SkippableFact]
    public async Task AnAgentMergesADuplicateFromTheTicketPage()
    {
        var baseUrl = StartServer();
        var agentId = await App.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await App.AddStandardPolicyAsync();
        int first, second;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
            first = (await tickets.OpenAsync(new NewTicketInput { RequesterEmail = "ana@acme.example", RequesterName = "Ana Lima", Subject = "VPN down", Description = "Cannot connect.", NotifyRequester = false }, agentId)).Number;
            App.Clock.Advance(TimeSpan.FromMinutes(4));
            second = (await tickets.OpenAsync(new NewTicketInput { RequesterEmail = "ana@acme.example", Subject = "VPN still down", Description = "Nothing works.", NotifyRequester = false }, agentId)).Number;
        }

        var browser = await LaunchBrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/tickets/{second}");
        await page.GetByLabel("Email").FillAsync("avery@helpdesk.example");
        await page.GetByLabel("Password").FillAsync(HelpdeskFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync($"**/tickets/{second}");

        // A typo first: the preview says so and keeps the field to correct.
        await page.GetByLabel("A duplicate? Merge this ticket into ticket number").FillAsync("12x");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#merge-errors")).ToContainTextAsync("A ticket number is digits");
        await page.GetByLabel("Merge into ticket number").FillAsync($"#{first}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview the merge" }).ClickAsync();
        await Assertions.Expect(page.Locator("#merge-effects")).ToContainTextAsync($"#{second} is closed with a link to #{first}");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the merge preview scrolls sideways at 390 px: " + await page.EvaluateAsync<string>(WidestElements));
        await AssertNoSeriousViolationsAsync(page, "the merge preview at 390 px");
        await Screenshot(page, "merge-preview-phone");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Merge #{second} into #{first}" }).ClickAsync();
        await page.WaitForURLAsync($"**/tickets/{first}");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "was merged into this one" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".conversation .message")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".conversation .message").Nth(1)).ToContainTextAsync($"from #{second}");
        await using (var db = App.NewContext())
        {
            Assert.Equal(first, await db.Tickets.Where(t => t.Number == second).Select(t => t.MergedInto).SingleAsync());
        }

        var desktop = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, StorageState = await context.StorageStateAsync() })).NewPageAsync();
        await desktop.GotoAsync($"{baseUrl}/tickets/{second}");
        await Assertions.Expect(desktop.Locator("#merged-into")).ToContainTextAsync($"merged into ticket #{first}");
        await AssertNoSeriousViolationsAsync(desktop, "a merged ticket");
        await Screenshot(desktop, "merged-ticket");
        await desktop.GotoAsync($"{baseUrl}/tickets/{first}/merge");
        await Screenshot(desktop, "merge-choose");
    }
}
