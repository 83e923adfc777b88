using System.Net;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web.Availability;

/// <summary>The public status page shows each service: up or down now, this month's availability, and 90 days of bars.</summary>
public sealed class StatusHistory : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private int _email;
    private int _disruption;

    public async Task InitializeAsync()
    {
        // Email is defined on Monday 2 March 2026 at 09:00 UTC and goes down at 10:00 (the helpdesk's zone is UTC, the
        // service runs around the clock).
        var agent = await _app.CreateUserAsync("sam@helpdesk.example", "Sam", Roles.Supervisor, Roles.Agent);
        await using var scope = _app.Services.CreateAsyncScope();
        _email = (await scope.ServiceProvider.GetRequiredService<ServiceCatalog>().CreateAsync(new ServiceInput { Name = "Email", Target = "99.9" })).Id;
        _app.Clock.Advance(TimeSpan.FromHours(1));
        await scope.ServiceProvider.GetRequiredService<TicketService>()
            .OpenAsync(new NewTicketInput { RequesterEmail = "ana@acme.example", Subject = "No mail", Description = "None", NotifyRequester = false }, agent);
        _disruption = (await scope.ServiceProvider.GetRequiredService<DisruptionService>()
            .DeclareAsync("Mail down", "Mail is down.", true, [], [], [_email], degraded: false)).Id;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> StatusAsync() => WebUtility.HtmlDecode(await _app.Session().GetPageAsync("/status"));

    [Fact]
    public async Task AServiceNamedByAnOngoingDisruptionIsDown()
    {
        var page = await StatusAsync();

        Assert.Contains("Email", page);
        Assert.Matches("id=\"service-[0-9]+\"[\\s\\S]*?badge text-bg-danger\">Down<", page);
        Assert.DoesNotContain("All services are running normally.", page);
    }

    [Fact]
    public async Task AfterTheResolutionItIsUpWithThisMonthsShareAndItsBars()
    {
        _app.Clock.Advance(TimeSpan.FromHours(2));
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DisruptionService>().PostAsync(_disruption, DisruptionStatus.Resolved, "Back.");
        }

        var page = await StatusAsync();

        // Measured since the service was defined, 09:00 to 12:00: 3 h, of which 2 h down: 33.33 %.
        Assert.Contains("badge text-bg-success\">Operational<", page);
        Assert.Matches("This month: 33.33 % up \\(target 99.9 %\\)", page);
        Assert.Equal(90, System.Text.RegularExpressions.Regex.Matches(page, "<li class=\"(up|minor|down|none)\" title=").Count);
        Assert.Contains("title=\"2026-03-02: 33.33 % up\"", page);
        Assert.Contains("title=\"2026-03-01: not measured\"", page); // before the service was defined
    }
}
