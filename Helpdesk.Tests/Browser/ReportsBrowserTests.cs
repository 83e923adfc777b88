using Deque.AxeCore.Playwright;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Helpdesk.Tests.Browser;

/// <summary>The supervisor's dashboard in Chromium: its charts draw without a console error, and axe finds nothing serious.</summary>
[Collection(nameof(BrowserCollection))]
public sealed class ReportsBrowserTests : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _app.DisposeAsync();
    }

    [SkippableFact]
    public async Task TheDashboardDrawsItsChartsWithoutConsoleErrorsAndHasNoSeriousAccessibilityViolations()
    {
        ServiceRequirement.Require(File.Exists(BrowserTests.ChromiumPath), $"Chromium ({BrowserTests.ChromiumPath})");
        _app.UseKestrel(0);
        _app.StartServer();
        var baseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        var agent = await _app.CreateUserAsync("sam@helpdesk.example", "Sam Supervisor", Roles.Supervisor, Roles.Agent);
        await _app.AddStandardPolicyAsync();

        // A few days of work: tickets opened each day, most answered, some solved.
        for (var day = 0; day < 4; day++)
        {
            for (var i = 0; i < 3; i++)
            {
                await using var scope = _app.Services.CreateAsyncScope();
                var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
                var ticket = await tickets.OpenAsync(new NewTicketInput { RequesterEmail = $"c{day}{i}@acme.example", Subject = $"Request {day}.{i}", Description = "Help" }, agent);
                _app.Clock.Advance(TimeSpan.FromMinutes(20 * (i + 1)));
                if (i < 2)
                {
                    var loaded = (await scope.ServiceProvider.GetRequiredService<IHelpdeskStore>().FindTicketAsync(ticket.Number))!;
                    await tickets.UpdateAsync(ticket.Number, new TicketUpdateInput
                    {
                        Version = loaded.Version, Body = "Answered.", Visibility = MessageVisibility.Public,
                        Status = i == 0 ? TicketStatus.Solved : TicketStatus.Open, Priority = loaded.Priority,
                    }, agent);
                }
            }

            _app.Clock.Advance(TimeSpan.FromHours(20));
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserTests.LaunchAsync(_playwright);
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(baseUrl + "/login");
        await page.GetByLabel("Email").FillAsync("sam@helpdesk.example");
        await page.GetByLabel("Password").FillAsync(HelpdeskFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/tickets");
        await page.GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();
        await page.WaitForURLAsync("**/reports");

        // Each chart is a Chart.js chart with the figures of its table.
        foreach (var id in new[] { "chart-achievement", "chart-backlog", "chart-distribution" })
        {
            var points = await page.EvaluateAsync<int>($"() => {{ const c = Chart.getChart('{id}'); return c ? c.data.datasets.reduce((n, d) => n + d.data.length, 0) : -1; }}");
            Assert.True(points > 0, $"{id} has no chart or no data ({points})");
        }

        var opened = await page.EvaluateAsync<int[]>("() => Chart.getChart('chart-backlog').data.datasets[0].data");
        Assert.Equal(12, opened.Sum());
        Assert.True(errors.Count == 0, string.Join(" | ", errors));

        foreach (var url in new[] { "/reports", "/reports/breaches" })
        {
            await page.GotoAsync(baseUrl + url);
            var result = await page.RunAxe();
            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, $"{url}: " + string.Join("; ", serious.Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
        }

        Assert.True(errors.Count == 0, string.Join(" | ", errors));
        if (Environment.GetEnvironmentVariable("HELPDESK_SCREENSHOT_DIR") is { Length: > 0 } dir)
        {
            await page.GotoAsync(baseUrl + "/reports");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "reports.png"), FullPage = true });
        }
    }
}
