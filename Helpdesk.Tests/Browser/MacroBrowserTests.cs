using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Helpdesk.Tests.Browser;

/// <summary>
/// Macros in Chromium at phone width: an agent makes one (a wrong placeholder first: the field says so), applies it on
/// a ticket, reviews the filled-in reply and sends it; axe finds nothing serious on the macro pages and the ticket page.
/// </summary>
[Collection(nameof(BrowserCollection))]
public sealed class MacroBrowserTests : BrowserTestBase
{
    [SkippableFact]
    public async Task AnAgentMakesAMacroAndAppliesItOnAPhone()
    {
        var baseUrl = StartServer();
        var agentId = await App.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await App.AddStandardPolicyAsync();
        int number;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            number = (await scope.ServiceProvider.GetRequiredService<TicketService>().OpenAsync(new NewTicketInput
            {
                RequesterEmail = "ana@acme.example", RequesterName = "Ana Lima", Subject = "Printer jams", Description = "Every page.", NotifyRequester = false,
            }, agentId)).Number;
        }

        var browser = await LaunchBrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/macros/new");
        await page.GetByLabel("Email").FillAsync("avery@helpdesk.example");
        await page.GetByLabel("Password").FillAsync(HelpdeskFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/macros/new");

        await page.GetByLabel("Name").FillAsync("Ask for the model");
        await page.GetByLabel("Text").FillAsync("Hello {{ requester.firstname }}, which model is it?");
        await page.GetByLabel("Status").SelectOptionAsync("Pending");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save macro" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.Body']")).ToContainTextAsync("{{ requester.firstname }} is not a placeholder");
        await Assertions.Expect(page.GetByLabel("Status")).ToHaveValueAsync("Pending");
        await AssertNoSeriousViolationsAsync(page, "the macro form with a field error at 390 px");
        await Screenshot(page, "macro-form-phone");

        await page.GetByLabel("Text").FillAsync("Hello {{ requester.first_name }}, which model is it?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save macro" }).ClickAsync();
        await page.WaitForURLAsync("**/macros");
        await Assertions.Expect(page.Locator("#macros")).ToContainTextAsync("sets the status to Pending");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the macro list scrolls sideways at 390 px: " + await page.EvaluateAsync<string>(WidestElements));
        await AssertNoSeriousViolationsAsync(page, "the macro list at 390 px");

        await page.GotoAsync($"{baseUrl}/tickets/{number}");
        await page.GetByLabel("Macro", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Ask for the model" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Assertions.Expect(page.Locator("#macro-applied")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#Input_Body")).ToHaveValueAsync("Hello Ana, which model is it?");
        await Assertions.Expect(page.Locator("#Input_Status")).ToHaveValueAsync("Pending");
        await AssertNoSeriousViolationsAsync(page, "the ticket page with a macro applied at 390 px");
        await page.Locator("#macro-applied").ScrollIntoViewIfNeededAsync();
        await Screenshot(page, "macro-applied-phone");

        await page.Locator("#submit-update").ClickAsync();
        await Assertions.Expect(page.Locator("#ticket-status, .badge").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[role=status]").First).ToContainTextAsync("Reply sent");
    }
}
