using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Helpdesk.Tests.Browser;

/// <summary>
/// Bulk actions in Chromium: select the page, untick one, shift-click a range back, preview, confirm; the queue at
/// 390 px with axe.
/// </summary>
[Collection(nameof(BrowserCollection))]
public sealed class BulkBrowserTests : BrowserTestBase
{
    [SkippableFact]
    public async Task AnAgentSelectsARangePreviewsAndConfirms()
    {
        var baseUrl = StartServer();
        var agentId = await App.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await App.AddStandardPolicyAsync();
        await using (var scope = App.Services.CreateAsyncScope())
        {
            for (var i = 0; i < 6; i++)
            {
                await scope.ServiceProvider.GetRequiredService<TicketService>().OpenAsync(
                    new NewTicketInput { RequesterEmail = $"c{i}@acme.example", Subject = $"Request {i}", Description = "Help", NotifyRequester = false }, agentId);
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

        var boxes = page.Locator("input[data-bulk]");
        await Assertions.Expect(boxes).ToHaveCountAsync(6);
        await page.GetByLabel("Select every ticket on this page").CheckAsync();
        await Assertions.Expect(page.Locator("#bulk-count")).ToHaveTextAsync("6 selected.");
        await page.GetByLabel("Select every ticket on this page").UncheckAsync();

        // The second, then shift-click the fifth: the second to the fifth.
        await boxes.Nth(1).ClickAsync();
        await boxes.Nth(4).ClickAsync(new() { Modifiers = [KeyboardModifier.Shift] });
        await Assertions.Expect(page.Locator("#bulk-count")).ToHaveTextAsync("4 selected.");

        await page.Locator("#bulk-priority").SelectOptionAsync("Urgent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview the changes" }).ClickAsync();
        await Assertions.Expect(page.Locator("#bulk-changes")).ToContainTextAsync("Priority → Urgent");
        await AssertNoSeriousViolationsAsync(page, "the bulk preview");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply to 4 tickets" }).ClickAsync();
        await Assertions.Expect(page.Locator("#bulk-outcome")).ToContainTextAsync("4 tickets changed");
        await using (var db = App.NewContext())
        {
            Assert.Equal(4, await db.Tickets.CountAsync(t => t.Priority == TicketPriority.Urgent));
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the tickets" }).ClickAsync();
        await page.WaitForURLAsync("**/tickets?assignee=anyone");

        var phone = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, StorageState = await context.StorageStateAsync() })).NewPageAsync();
        await phone.GotoAsync(baseUrl + "/tickets?assignee=anyone");
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the queue scrolls sideways at 390 px: " + await phone.EvaluateAsync<string>(WidestElements));
        await AssertNoSeriousViolationsAsync(phone, "the queue with the bulk form at 390 px");
        await Screenshot(phone, "queue-bulk-phone");
        await Screenshot(page, "queue-bulk");
    }
}
