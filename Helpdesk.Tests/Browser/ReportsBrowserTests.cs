using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Helpdesk.Tests.Browser;

/// <summary>
/// The supervisor's dashboard in Chromium: its charts draw without a console error, and axe finds nothing serious;
/// with a customer answering a survey in the browser first.
/// </summary>
[Collection(nameof(BrowserCollection))]
public sealed class ReportsBrowserTests : BrowserTestBase
{
    [SkippableFact]
    public async Task TheDashboardDrawsItsChartsWithoutConsoleErrorsAndHasNoSeriousAccessibilityViolations()
    {
        var baseUrl = StartServer();
        var agent = await App.CreateUserAsync("sam@helpdesk.example", "Sam Supervisor", Roles.Supervisor, Roles.Agent);
        await App.AddStandardPolicyAsync();

        // A few days of work: tickets opened each day, most answered, some solved.
        for (var day = 0; day < 4; day++)
        {
            for (var i = 0; i < 3; i++)
            {
                await using var scope = App.Services.CreateAsyncScope();
                var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
                var ticket = await tickets.OpenAsync(new NewTicketInput { RequesterEmail = $"c{day}{i}@acme.example", Subject = $"Request {day}.{i}", Description = "Help" }, agent);
                App.Clock.Advance(TimeSpan.FromMinutes(20 * (i + 1)));
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

            App.Clock.Advance(TimeSpan.FromHours(20));
        }

        // The four solved tickets got surveys: three answered here, the last by its customer in the browser below.
        List<(int Number, string Body)> surveys;
        await using (var db = App.NewContext())
        {
            surveys = [.. (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.Outbox.Where(m => m.Kind == Helpdesk.Core.Mail.OutboxKind.Survey).OrderBy(m => m.Id))).Select(m => (m.TicketNumber!.Value, m.Body))];
        }

        Assert.Equal(4, surveys.Count);
        foreach (var (number, rating) in surveys.Take(3).Zip(new[] { SatisfactionRating.Good, SatisfactionRating.Good, SatisfactionRating.Bad }))
        {
            await using var scope = App.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SatisfactionService>().RateAsync(number.Number, rating, null);
        }

        var browser = await LaunchBrowserAsync();

        // The customer, signed in nowhere, follows the good link, changes their mind, adds a comment and sends it.
        var link = System.Text.RegularExpressions.Regex.Match(surveys[3].Body, @"http\S+/satisfaction\?t=\S+&r=good").Value;
        var customer = await (await browser.NewContextAsync()).NewPageAsync();
        await customer.GotoAsync(baseUrl + new Uri(link).PathAndQuery);
        Assert.True(await customer.GetByLabel("Good, I am satisfied").IsCheckedAsync());
        await AssertNoSeriousViolationsAsync(customer, "the survey page");
        if (Environment.GetEnvironmentVariable("HELPDESK_SCREENSHOT_DIR") is { Length: > 0 } shots)
        {
            await customer.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "survey.png") });
        }

        await customer.GetByLabel("Bad, I am not satisfied").CheckAsync();
        await customer.GetByLabel("Anything you would like to tell us?").FillAsync("Took a while.");
        await customer.GetByRole(AriaRole.Button, new() { Name = "Send my rating" }).ClickAsync();
        await Assertions.Expect(customer.Locator("#survey-thanks")).ToContainTextAsync("Bad");
        await AssertNoSeriousViolationsAsync(customer, "the thank-you page");

        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
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
        await page.WaitForURLAsync("**/tickets?assignee=anyone"); // a supervisor lands on all unsolved tickets
        await page.GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();
        await page.WaitForURLAsync("**/reports");

        // Each chart is a Chart.js chart with the figures of its table.
        foreach (var id in new[] { "chart-achievement", "chart-backlog", "chart-distribution", "chart-satisfaction" })
        {
            var points = await page.EvaluateAsync<int>($"() => {{ const c = Chart.getChart('{id}'); return c ? c.data.datasets.reduce((n, d) => n + d.data.length, 0) : -1; }}");
            Assert.True(points > 0, $"{id} has no chart or no data ({points})");
        }

        var opened = await page.EvaluateAsync<int[]>("() => Chart.getChart('chart-backlog').data.datasets[0].data");
        Assert.Equal(12, opened.Sum());
        var good = await page.EvaluateAsync<int[]>("() => Chart.getChart('chart-satisfaction').data.datasets[0].data");
        var bad = await page.EvaluateAsync<int[]>("() => Chart.getChart('chart-satisfaction').data.datasets[1].data");
        Assert.Equal((2, 2), (good.Sum(), bad.Sum()));
        Assert.Equal("50 %", await page.Locator("#satisfaction-score").InnerTextAsync());
        Assert.True(errors.Count == 0, string.Join(" | ", errors));

        foreach (var url in new[] { "/reports", "/reports/breaches" })
        {
            await page.GotoAsync(baseUrl + url);
            await AssertNoSeriousViolationsAsync(page, url);
        }

        Assert.True(errors.Count == 0, string.Join(" | ", errors));
        if (Environment.GetEnvironmentVariable("HELPDESK_SCREENSHOT_DIR") is { Length: > 0 } dir)
        {
            await page.GotoAsync(baseUrl + "/reports");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "reports.png"), FullPage = true });
        }
    }
}
