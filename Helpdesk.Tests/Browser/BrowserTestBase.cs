using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Helpdesk.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Helpdesk.Tests.Browser;

/// <summary>The app on a real Kestrel port and Debian's Chromium to drive it, torn down together after each test.</summary>
public abstract class BrowserTestBase : IAsyncLifetime
{
    /// <summary>The elements that reach past the right edge of the window, innermost first (for a failure's message).</summary>
    protected const string WidestElements = """
        () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .reverse().slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')
        """;

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private HelpdeskFactory? _app;

    /// <summary>The app, made on first use (inside the test, so that a missing service skips or fails it there).</summary>
    protected HelpdeskFactory App => _app ??= CreateApp();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>The app under test: SQLite, mail to the pickup folder, unless a test needs more.</summary>
    protected virtual HelpdeskFactory CreateApp() => new();

    protected static async Task AssertNoSeriousViolationsAsync(IPage page, string what)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{what}: " + string.Join("; ", serious.Select(Describe)));
    }

    /// <summary>Screenshots for the README when HELPDESK_SCREENSHOT_DIR is set.</summary>
    protected static async Task Screenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("HELPDESK_SCREENSHOT_DIR") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = false });
        }
    }

    private static string Describe(AxeResultItem v) =>
        $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}";

    /// <summary>Starts the app on a free port (Chromium required) and returns its base URL.</summary>
    protected string StartServer()
    {
        ServiceRequirement.Require(File.Exists(BrowserTests.ChromiumPath), $"Chromium ({BrowserTests.ChromiumPath})");
        App.UseKestrel(0);
        App.StartServer();
        return App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
    }

    protected async Task<IBrowser> LaunchBrowserAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserTests.LaunchAsync(_playwright);
        return _browser;
    }
}
