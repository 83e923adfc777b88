using Helpdesk.Core.Validation;
using Helpdesk.Tests.Integration.Simulation;
using Helpdesk.Tests.Support;
using Microsoft.Playwright;

namespace Helpdesk.Tests.Browser;

/// <summary>The SLA simulator on a policy's page in Chromium: a draft typed into the form, replayed, read at desktop width and on a phone.</summary>
[Collection(nameof(BrowserCollection))]
public sealed class SimulationBrowserTests : BrowserTestBase
{
    [SkippableFact]
    public async Task AnAdminTriesHalvedFirstResponseTargetsOnLastWeekAndKeepsWhatTheyTyped()
    {
        var baseUrl = StartServer();
        var scenario = await SlaSimulatorTests.BuildAsync(App);
        await App.CreateUserAsync("root@helpdesk.example", "Robin Admin", Roles.Admin, Roles.Agent);
        var browser = await LaunchBrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/admin/policies/{scenario.PolicyId}/simulate");
        await page.GetByLabel("Email").FillAsync("root@helpdesk.example");
        await page.GetByLabel("Password").FillAsync(HelpdeskFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync($"**/admin/policies/{scenario.PolicyId}#simulation");

        // A period the wrong way round is named beside its field, and the draft stays as typed.
        await page.GetByLabel("First response, Normal, business time").FillAsync("30 min");
        await page.GetByLabel("First response, High, business time").FillAsync("15 min");
        await page.GetByLabel("First day").FillAsync("2026-03-04");
        await page.GetByLabel("Last day").FillAsync("2026-03-02");
        await page.GetByRole(AriaRole.Button, new() { Name = "Simulate" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The last day comes on or after the first.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("First response, Normal, business time")).ToHaveValueAsync("30 min");

        await page.GetByLabel("First day").FillAsync("2026-03-02");
        await page.GetByLabel("Last day").FillAsync("2026-03-04");
        await page.GetByRole(AriaRole.Button, new() { Name = "Simulate" }).ClickAsync();
        var result = page.Locator("#simulation-result");
        await Assertions.Expect(result).ToContainTextAsync("6 tickets created");
        await Assertions.Expect(page.Locator("#simulation-fidelity")).ToContainTextAsync("11 of the 11 recorded clocks");
        // Halving the first-response targets alone: T2's first reply (50 min) is late, which raises it to High, so its next
        // response (40 min of High's 60) is still met; resolution targets are unchanged.
        await Assertions.Expect(page.Locator("#simulation-gained")).ToContainTextAsync($"#{scenario.Numbers[1]}");
        await Assertions.Expect(page.Locator("#simulation-gained")).ToContainTextAsync("50 min of 15 min");
        await Assertions.Expect(page.GetByLabel("First response, Normal, business time")).ToHaveValueAsync("30 min");
        await Assertions.Expect(page).ToHaveURLAsync($"{baseUrl}/admin/policies/{scenario.PolicyId}/simulate#simulation");
        await AssertNoSeriousViolationsAsync(page, "the policy page with a simulation");
        await result.ScrollIntoViewIfNeededAsync();
        await Screenshot(page, "policy-simulation");

        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the policy page with a simulation scrolls sideways at 390 px: " + await page.EvaluateAsync<string>(WidestElements));
        await result.ScrollIntoViewIfNeededAsync();
        await Screenshot(page, "policy-simulation-phone");

        // Nothing was saved: the policy's page, opened afresh, shows the saved target.
        await page.GotoAsync($"{baseUrl}/admin/policies/{scenario.PolicyId}");
        await Assertions.Expect(page.GetByLabel("First response, Normal, business time")).Not.ToHaveValueAsync("30 min");
    }
}
