using System.Net;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Web.Availability;

/// <summary>Admins define services and their availability targets, for everyone and for some organizations.</summary>
public sealed class ServicesPage : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private WebSession _admin = null!;
    private int _acme;

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("ada@helpdesk.example", "Ada Admin", Roles.All.ToArray());
        _admin = _app.Session();
        await _admin.LoginAsync("ada@helpdesk.example");
        await using var db = _app.NewContext();
        var acme = new Organization("Acme", "acme.example", null, _app.Clock.GetUtcNow());
        db.Organizations.Add(acme);
        await db.SaveChangesAsync();
        _acme = acme.Id;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpResponseMessage> SaveAsync(string name, string target, params KeyValuePair<string, string>[] more) =>
        await _admin.PostFormAsync("/admin/services/new", "/admin/services/new", [new("Input.Name", name), new("Input.Target", target), .. more]);

    [Fact]
    public async Task AServiceIsSavedWithItsTargetsAndListedInWords()
    {
        var saved = await SaveAsync("Email", "99,9",
            new("Input.OrganizationTargets[0].OrganizationId", _acme.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.OrganizationTargets[0].Target", "99.99 %"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var db = _app.NewContext();
        var service = await db.Set<Service>().Include(s => s.Targets).SingleAsync();
        Assert.Equal((99.9, 99.99, 99.9), (service.TargetPercent, service.TargetFor(_acme), service.TargetFor(null)));
        var list = await _admin.GetPageAsync("/admin/services");
        Assert.Contains("around the clock", list);
        Assert.Contains("Acme: 99.99 %", list);
    }

    [Theory]
    [InlineData("", "Write the target as a percentage")]
    [InlineData("100.5", "Write the target as a percentage")]
    [InlineData("lots", "Write the target as a percentage")]
    public async Task ATargetThatIsNotAPercentageIsAFieldError(string target, string message)
    {
        var invalid = await SaveAsync("Email", target);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Matches($"data-valmsg-for=\"Input.Target\"[^>]*>{message}", await invalid.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnOrganizationTargetWithoutItsOrganizationIsAFieldErrorAndKeepsTheRow()
    {
        var invalid = await SaveAsync("Email", "99.9", new KeyValuePair<string, string>("Input.OrganizationTargets[0].Target", "99.5"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var page = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("Choose the organization this target is for.", page);
        Assert.Contains("value=\"99.5\"", page);
    }

    [Fact]
    public async Task TwoServicesCannotShareAName()
    {
        await SaveAsync("Email", "99.9");

        var duplicate = await SaveAsync("Email", "99.5");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        Assert.Contains("A service named Email already exists.", await duplicate.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnAgentCannotReachThePage()
    {
        await _app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        var agent = _app.Session();
        await agent.LoginAsync("avery@helpdesk.example");

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/admin/services")).StatusCode);
    }

    [Fact]
    public async Task ADisruptionNamesTheServicesItTakesDownOrDegrades()
    {
        await SaveAsync("Email", "99.9");
        await SaveAsync("Billing portal", "99.5");
        int email;
        await using (var db = _app.NewContext())
        {
            email = await db.Set<Service>().Where(s => s.Name == "Email").Select(s => s.Id).SingleAsync();
        }

        await _admin.PostFormAsync("/tickets/new", "/tickets/new",
        [
            new("Input.RequesterEmail", "ana@acme.example"), new("Input.Subject", "Slow mail"), new("Input.Description", "Slow"),
            new("Input.Priority", "Normal"), new("Input.Channel", "Phone"), new("Input.NotifyRequester", "false"),
        ]);
        Assert.Contains("Billing portal", await _admin.GetPageAsync("/disruptions"));
        var declared = await _admin.PostFormAsync("/disruptions", "/disruptions",
        [
            new("Input.Title", "Mail slow"), new("Input.Message", "Mail is slow."), new("Input.Everyone", "true"),
            new("Input.ServiceIds", email.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Input.Degraded", "true"), new("Input.Confirmed", "true"),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, declared.StatusCode);
        await using var check = _app.NewContext();
        var disruption = await check.Set<Disruption>().SingleAsync();
        Assert.Equal([email], disruption.ServiceIds);
        Assert.True(disruption.Degraded);
        Assert.Contains("degrades Email ·", await _admin.GetPageAsync(declared.Headers.Location!.OriginalString));
    }
}
