using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.Playwright;

namespace Helpdesk.Tests.Browser;

/// <summary>The automation form and list in Chromium, at desktop width and at 390 px, with axe.</summary>
[Collection(nameof(BrowserCollection))]
public sealed class AutomationBrowserTests : BrowserTestBase
{
    [SkippableFact]
    public async Task AnAdminWritesAReminderOnAPhone()
    {
        var baseUrl = StartServer();
        await App.CreateUserAsync("root@helpdesk.example", "Robin Admin", Roles.Admin, Roles.Agent);
        var browser = await LaunchBrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/admin/automations/new");
        await page.GetByLabel("Email").FillAsync("root@helpdesk.example");
        await page.GetByLabel("Password").FillAsync(HelpdeskFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/automations/new");

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the automation form scrolls sideways at 390 px: " + await page.EvaluateAsync<string>(WidestElements));
        await AssertNoSeriousViolationsAsync(page, "the automation form at 390 px");
        await Screenshot(page, "automation-form-phone");

        await page.GetByLabel("For at least (hours)").FillAsync("16");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save automation" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/automations");
        await Assertions.Expect(page.Locator("#automations")).ToContainTextAsync("Pending for 16 hours since it entered that status; not tagged reminded");

        var desktop = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, StorageState = await context.StorageStateAsync() })).NewPageAsync();
        await desktop.GotoAsync(baseUrl + "/admin/automations");
        await AssertNoSeriousViolationsAsync(desktop, "the automation list");
        await Screenshot(desktop, "automations");
        await desktop.GotoAsync(baseUrl + "/admin/automations/new");
        await Screenshot(desktop, "automation-form");
    }

    [SkippableFact]
    public async Task AnAdminPreviewsAnEmailTemplateOnAPhone()
    {
        var baseUrl = StartServer();
        await App.CreateUserAsync("root@helpdesk.example", "Robin Admin", Roles.Admin, Roles.Agent);
        var browser = await LaunchBrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/admin/templates/Acknowledgement");
        await page.GetByLabel("Email").FillAsync("root@helpdesk.example");
        await page.GetByLabel("Password").FillAsync(HelpdeskFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/templates/Acknowledgement");

        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preview-body")).ToContainTextAsync("opened ticket #1234: \"Printer jammed on floor 2\"");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the template page scrolls sideways at 390 px: " + await page.EvaluateAsync<string>(WidestElements));
        await AssertNoSeriousViolationsAsync(page, "the template preview at 390 px");
        await Screenshot(page, "template-preview-phone");

        var desktop = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, StorageState = await context.StorageStateAsync() })).NewPageAsync();
        await desktop.GotoAsync(baseUrl + "/admin/templates");
        await AssertNoSeriousViolationsAsync(desktop, "the template list");
        await Screenshot(desktop, "templates");
    }
}
