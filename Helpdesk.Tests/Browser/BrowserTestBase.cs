using Helpdesk.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Helpdesk.Tests.Browser;

/// <summary>The app on a real Kestrel port and Debian's Chromium to drive it, torn down together after each test.</summary>
public abstract class BrowserTestBase : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    protected HelpdeskFactory App { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }

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
