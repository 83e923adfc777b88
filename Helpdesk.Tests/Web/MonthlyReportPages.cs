using System.Net;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Integration.Reports;
using Helpdesk.Tests.Support;
using Helpdesk.Tests.Web.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web;

/// <summary>
/// The monthly report as pages (<see cref="MonthlyReportScenario"/>, read on 1 April 2026): the supervisors' page, the
/// portal's for an organization's contacts (only their own organization's, numbers without subjects), the opt-in, and
/// availability per service and month on the reports page.
/// </summary>
public sealed class MonthlyReportPages : IAsyncLifetime
{
    private MonthlyReportScenario _s = null!;

    public async Task InitializeAsync()
    {
        _s = await MonthlyReportScenario.BuildAsync(DatabaseProvider.Sqlite);
        _s.App.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
    }

    public async Task DisposeAsync() => await _s.App.DisposeAsync();

    private async Task<WebSession> SupervisorAsync()
    {
        var session = _s.App.Session();
        await session.LoginAsync("avery@helpdesk.example");
        return session;
    }

    [Fact]
    public async Task SupervisorsReadAnOrganizationsMonthWithSubjectsAndLinks()
    {
        var page = await PortalSteps.PageAsync(await SupervisorAsync(), $"/reports/monthly?organization={_s.Acme}&month=2026-03");

        Assert.Contains("Acme · March 2026", page);
        Assert.Contains("data-metric=\"FirstResponse\">66.66 %<", page);
        Assert.Contains($"<a href=\"/tickets/{_s.AcmeTickets[1]}\">#{_s.AcmeTickets[1]}</a>", page);
        Assert.Contains("<td>Request of bo@acme.example</td>", page);
        Assert.Contains("99.859 %", page);
        Assert.Contains("exceeded by 15 min", page);
        Assert.Contains("2 of 3 surveys answered: 1 good, 1 bad (50 % good).", page);
    }

    [Fact]
    public async Task AMonthThatIsNotOneIsAFieldErrorAndAgentsWithoutTheRoleAreRefused()
    {
        var supervisor = await SupervisorAsync();
        var wrong = await supervisor.GetAsync($"/reports/monthly?organization={_s.Acme}&month=2026-13");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("Choose a month up to this one, written like 2026-03.", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await supervisor.GetAsync($"/reports/monthly?organization={_s.Acme}&month=2026-05")).StatusCode);

        await _s.App.CreateUserAsync("alex@helpdesk.example", "Alex", Roles.Agent);
        var agent = _s.App.Session();
        await agent.LoginAsync("alex@helpdesk.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync($"/reports/monthly?organization={_s.Acme}")).StatusCode);
    }

    [Fact]
    public async Task AContactReadsTheirOrganizationsReportWithNumbersOnly()
    {
        var ana = await PortalSteps.SignedInAsync(_s.App, "ana@acme.example");

        var page = await PortalSteps.PageAsync(ana, "/portal/report");

        Assert.Contains("href=\"/portal/report\">Service report</a>", page);
        Assert.Contains("Acme · March 2026", page);
        Assert.Contains($"<span>#{_s.AcmeTickets[1]}</span>", page);
        Assert.DoesNotContain("Request of", page);
        Assert.DoesNotContain($"/tickets/{_s.AcmeTickets[1]}\"", page);
        Assert.Contains("You get this report by email on the first business day of each month.", page);

        // April so far: A4, opened on 1 April in Lisbon.
        var april = await PortalSteps.PageAsync(ana, "/portal/report?month=2026-04");
        Assert.Contains("Acme · April 2026 (so far)", april);
        Assert.Contains("1 opened, 0 solved.", april);
    }

    [Fact]
    public async Task AnotherOrganizationsContactSeesOnlyTheirsAndACustomerWithoutOneHasNone()
    {
        var gil = await PortalSteps.SignedInAsync(_s.App, "gil@globex.example");
        var page = await PortalSteps.PageAsync(gil, "/portal/report?month=2026-03");
        Assert.Contains("Globex · March 2026", page);
        Assert.DoesNotContain("Acme", page);
        Assert.DoesNotContain($"#{_s.AcmeTickets[1]}<", page);

        // Asking for a month not yet begun, or for garbage, is not found.
        Assert.Equal(HttpStatusCode.NotFound, (await gil.GetAsync("/portal/report?month=2026-05")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gil.GetAsync("/portal/report?month=%3Cscript%3E")).StatusCode);

        await using (var scope = _s.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Helpdesk.Core.Services.DirectoryService>().CreateCustomerAsync(new CustomerInput { Email = "zoe@mail.example" });
        }

        var zoe = await PortalSteps.SignedInAsync(_s.App, "zoe@mail.example");
        Assert.DoesNotContain("Service report", await PortalSteps.PageAsync(zoe, "/portal"));
        Assert.Equal(HttpStatusCode.NotFound, (await zoe.GetAsync("/portal/report")).StatusCode);
    }

    [Fact]
    public async Task AContactAsksForTheEmailAndStopsIt()
    {
        var bo = await PortalSteps.SignedInAsync(_s.App, "bo@acme.example");
        Assert.Contains("You do not get this report by email.", await PortalSteps.PageAsync(bo, "/portal/report"));

        var asked = await bo.PostFormAsync("/portal/report?month=2026-03", "/portal/report/email", [new("wanted", "true"), new("month", "2026-03")]);
        Assert.Equal("/portal/report?month=2026-03", asked.Headers.Location!.OriginalString);
        Assert.Contains("You get this report by email", await PortalSteps.PageAsync(bo, "/portal/report"));
        await using (var db = _s.App.NewContext())
        {
            Assert.True(await db.Customers.Where(c => c.Email == "bo@acme.example").Select(c => c.MonthlyReport).SingleAsync());
        }

        await bo.PostFormAsync("/portal/report", "/portal/report/email", [new("wanted", "false")]);
        await using (var db = _s.App.NewContext())
        {
            Assert.False(await db.Customers.Where(c => c.Email == "bo@acme.example").Select(c => c.MonthlyReport).SingleAsync());
        }
    }

    [Fact]
    public async Task TheReportsShowEachServicesMonthForEveryoneAndForAnOrganization()
    {
        var supervisor = await SupervisorAsync();

        // Everyone: down 1 h + 2 h (Globex's outage counts for the service as a whole): 708/711.
        var all = await PortalSteps.PageAsync(supervisor, "/reports?From=2026-03-01&To=2026-03-31");
        Assert.Matches("data-service=\"Email\" data-month=\"2026-03\">\\s*<th scope=\"row\">March 2026</th>\\s*<td>Email</td>\\s*<td class=\"text-end\">99.9 %</td>\\s*<td class=\"text-end\">99.578 %</td>\\s*<td class=\"text-end\">3 h</td>", all);

        var acme = await PortalSteps.PageAsync(supervisor, $"/reports?From=2026-03-01&To=2026-04-01&Organization={_s.Acme}");
        Assert.Matches("data-month=\"2026-03\">[\\s\\S]*?99.859 %</td>\\s*<td class=\"text-end\">1 h</td>\\s*<td class=\"text-end\">exceeded by 15 min</td>\\s*<td>missed</td>", acme);
        Assert.Contains("data-month=\"2026-04\"", acme);
        Assert.Contains("April 2026 (so far)", acme);

        var csv = await supervisor.GetPageAsync($"/reports/csv/availability?From=2026-03-01&To=2026-03-31&Organization={_s.Acme}");
        Assert.Contains("\"2026-03\",\"Email\",99.9,99.8594,60,-15.36,true", csv);
    }

    [Fact]
    public async Task TheCustomerFormSetsTheEmailAndTheCustomerPageSaysSo()
    {
        var supervisor = await SupervisorAsync();
        int bo;
        await using (var db = _s.App.NewContext())
        {
            bo = await db.Customers.Where(c => c.Email == "bo@acme.example").Select(c => c.Id).SingleAsync();
        }

        Assert.Contains("name=\"Input.MonthlyReport\"", await supervisor.GetPageAsync($"/customers/{bo}/edit"));
        var saved = await supervisor.PostFormAsync($"/customers/{bo}/edit", $"/customers/{bo}/edit",
            [new("Input.Email", "bo@acme.example"), new("Input.OrganizationId", _s.Acme.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Input.MonthlyReport", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("id=\"customer-monthly-report\">Emailed to them", await supervisor.GetPageAsync($"/customers/{bo}"));
    }
}
