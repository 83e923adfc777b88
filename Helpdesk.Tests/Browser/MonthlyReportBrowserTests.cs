using Helpdesk.Tests.Integration.Reports;
using Helpdesk.Tests.Support;
using Helpdesk.Tests.Web.Portal;
using Microsoft.Playwright;

namespace Helpdesk.Tests.Browser;

/// <summary>
/// The monthly report in Chromium (<see cref="MonthlyReportScenario"/>, read on 1 April 2026): a contact reads it on the
/// portal at phone width and asks for the email; a supervisor reads it and the reports' availability table at desktop
/// width; nothing scrolls sideways, and axe finds nothing serious.
/// </summary>
[Collection(nameof(BrowserCollection))]
public sealed class MonthlyReportBrowserTests : BrowserTestBase
{
    [SkippableFact]
    public async Task AContactReadsTheReportOnAPhoneAndASupervisorOnADesktop()
    {
        var baseUrl = StartServer();
        var s = await MonthlyReportScenario.BuildAsync(App);
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
        var browser = await LaunchBrowserAsync();
        Assertions.SetDefaultExpectTimeout(30_000);

        // Bo, a contact of Acme, signs in with a link (read from the outbox: the portal's browser test reads it from the SMTP server).
        var phone = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        phone.SetDefaultTimeout(60_000);
        var page = await phone.NewPageAsync();
        await page.GotoAsync(baseUrl + "/portal/sign-in");
        await page.GetByLabel("Your email address").FillAsync("bo@acme.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a sign-in link" }).ClickAsync();
        await Assertions.Expect(page.Locator("#link-sent")).ToBeVisibleAsync();
        await page.GotoAsync(baseUrl + (await PortalSteps.LinksToAsync(App, "bo@acme.example")).Last());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/portal");

        await page.GetByRole(AriaRole.Link, new() { Name = "Service report" }).ClickAsync();
        await Assertions.Expect(page.Locator("#report-title")).ToHaveTextAsync("Acme · March 2026");
        await Assertions.Expect(page.Locator("#services-table")).ToContainTextAsync("99.859 %");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the portal's report scrolls sideways at 390 px: " + await page.EvaluateAsync<string>(WidestElements));
        await AssertNoSeriousViolationsAsync(page, "the portal's report at 390 px");
        await Screenshot(page, "portal-report-phone");
        await page.Locator("#targets-table").ScrollIntoViewIfNeededAsync();
        await Screenshot(page, "portal-report-phone-targets");

        await page.GetByRole(AriaRole.Button, new() { Name = "Email me this report each month" }).ClickAsync();
        await Assertions.Expect(page.Locator("#report-email-state")).ToContainTextAsync("You get this report by email");
        await page.GetByLabel("Month").SelectOptionAsync("2026-04");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.Locator("#report-title")).ToHaveTextAsync("Acme · April 2026 (so far)");

        // A supervisor at a desktop: the organization's report with its tickets, and the reports' availability table.
        var desktop = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        desktop.SetDefaultTimeout(60_000);
        var staff = await desktop.NewPageAsync();
        await staff.GotoAsync(baseUrl + "/reports/monthly");
        await staff.GetByLabel("Email").FillAsync("avery@helpdesk.example");
        await staff.GetByLabel("Password").FillAsync(HelpdeskFactory.Password);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await staff.WaitForURLAsync("**/reports/monthly");
        await staff.GetByLabel("Organization").SelectOptionAsync(new SelectOptionValue { Label = "Acme" });
        await staff.GetByLabel("Month").FillAsync("2026-03");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(staff.Locator("#breaches-table")).ToContainTextAsync("Request of bo@acme.example");
        await AssertNoSeriousViolationsAsync(staff, "the supervisors' monthly report");
        await Screenshot(staff, "monthly-report");

        await staff.GotoAsync($"{baseUrl}/reports?From=2026-03-01&To=2026-03-31&Organization={s.Acme}");
        await Assertions.Expect(staff.Locator("#availability-table")).ToContainTextAsync("exceeded by 15 min");
        await AssertNoSeriousViolationsAsync(staff, "the reports with the availability table");

        // The supervisors' page at phone width too.
        var small = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, StorageState = await desktop.StorageStateAsync() })).NewPageAsync();
        await small.GotoAsync($"{baseUrl}/reports/monthly?organization={s.Acme}&month=2026-03");
        Assert.True(await small.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the supervisors' monthly report scrolls sideways at 390 px: " + await small.EvaluateAsync<string>(WidestElements));
    }
}
