using Microsoft.Playwright;

namespace Helpdesk.Tests.Browser;

/// <summary>The API's reference page (Scalar, served by the app under its own CSP) shows the generated document.</summary>
[Collection(nameof(BrowserCollection))]
public sealed class ApiDocsBrowserTests : BrowserTestBase
{
    [SkippableFact]
    public async Task TheReferencePageShowsTheTicketEndpointsWithNoScriptBlocked()
    {
        var baseUrl = StartServer();
        var browser = await LaunchBrowserAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) && message.Text.Contains("script", StringComparison.OrdinalIgnoreCase))
            {
                blocked.Add(message.Text);
            }
        };
        await page.GotoAsync(baseUrl + "/api/docs/");
        Assertions.SetDefaultExpectTimeout(30_000);
        await Assertions.Expect(page.GetByText("Helpdesk API").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("/api/v1/tickets/{number}").First).ToBeAttachedAsync();
        Assert.Empty(blocked);
        await Screenshot(page, "api-docs");
    }
}
