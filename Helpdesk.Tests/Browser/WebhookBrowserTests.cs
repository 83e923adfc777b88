using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Webhooks;
using Helpdesk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Helpdesk.Tests.Browser;

/// <summary>The webhook pages in Chromium: registered on a phone (390 px), its deliveries read at desktop width, with axe.</summary>
[Collection(nameof(BrowserCollection))]
public sealed class WebhookBrowserTests : BrowserTestBase
{
    [SkippableFact]
    public async Task AnAdminRegistersAWebhookOnAPhoneAndReadsItsDeliveries()
    {
        var baseUrl = StartServer();
        await App.CreateUserAsync("root@helpdesk.example", "Robin Admin", Roles.Admin, Roles.Agent);
        var browser = await LaunchBrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/admin/webhooks/new");
        await page.GetByLabel("Email").FillAsync("root@helpdesk.example");
        await page.GetByLabel("Password").FillAsync(HelpdeskFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/webhooks/new");

        // Sent without an event and with an http:// address: both fields say why, and what was typed stays.
        await page.GetByLabel("Name").FillAsync("CRM");
        await page.GetByLabel("Address (https://)").FillAsync("http://crm.example.com/hooks");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Use an https:// address: deliveries carry customer data.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Choose at least one event.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Name")).ToHaveValueAsync("CRM");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the webhook form scrolls sideways at 390 px: " + await page.EvaluateAsync<string>(WidestElements));
        await AssertNoSeriousViolationsAsync(page, "the webhook form at 390 px");
        await Screenshot(page, "webhook-form-phone");

        await page.GetByLabel("Address (https://)").FillAsync("https://crm.example.com/hooks/helpdesk");
        await page.GetByLabel("ticket.created").CheckAsync();
        await page.GetByLabel("sla.breach").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Webhook CRM added. Give its signing secret to the receiver.")).ToBeVisibleAsync();
        var id = int.Parse(page.Url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

        // Deliveries in each state, as the dispatcher leaves them.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<WebhookAdmin>();
            await admin.PingAsync(id);
            await admin.PingAsync(id);
        }

        await using (var db = App.NewContext())
        {
            var failing = db.WebhookDeliveries.OrderBy(d => d.Id).First();
            failing.MarkFailed(503, "{\"error\":\"maintenance window, retry later\"}", "The receiver answered 503 Service Unavailable.", App.Clock.GetUtcNow(), 0.5);
            await db.SaveChangesAsync();
        }

        var desktop = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, StorageState = await context.StorageStateAsync() })).NewPageAsync();
        await desktop.GotoAsync($"{baseUrl}/admin/webhooks/{id}");
        await Assertions.Expect(desktop.Locator("#webhook-deliveries")).ToContainTextAsync("HTTP 503");
        await Assertions.Expect(desktop.Locator("#webhook-deliveries")).ToContainTextAsync("Try 2 of 8");
        await AssertNoSeriousViolationsAsync(desktop, "the webhook page");
        await Screenshot(desktop, "webhook");
        await desktop.GotoAsync($"{baseUrl}/admin/webhooks");
        await Assertions.Expect(desktop.Locator("#webhooks")).ToContainTextAsync("ticket.created, sla.breach");
        await Screenshot(desktop, "webhooks");
    }
}
