using System.Net;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;

namespace Helpdesk.Tests.Web.Contacts;

/// <summary>The time zone on the customer and organization forms: the zone their emails' times are written in.</summary>
public sealed class TimeZoneFields : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private WebSession _agent = null!;

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        _agent = _app.Session();
        await _agent.LoginAsync("avery@helpdesk.example");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnUnknownZoneIsAFieldErrorAndKeepsWhatWasTyped()
    {
        var invalid = await _agent.PostFormAsync("/customers/new", "/customers/new",
            [new("Input.Email", "ana@acme.example"), new("Input.TimeZone", "Europe/Atlantis")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var page = await invalid.Content.ReadAsStringAsync();
        Assert.Matches("data-valmsg-for=\"Input.TimeZone\"[^>]*>Choose a time zone from the list", page);
        Assert.Contains("value=\"Europe/Atlantis\"", page);
    }

    [Fact]
    public async Task ACustomersZoneIsSavedAndShown()
    {
        var created = await _agent.PostFormAsync("/customers/new", "/customers/new",
            [new("Input.Email", "ana@acme.example"), new("Input.TimeZone", "Europe/Lisbon")]);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = await _agent.GetPageAsync(created.Headers.Location!.OriginalString);
        Assert.Contains("id=\"customer-time-zone\">Europe/Lisbon</dd>", page);
        var form = await _agent.GetPageAsync(created.Headers.Location!.OriginalString + "/edit");
        Assert.Matches("id=\"Input_TimeZone\"[^>]*value=\"Europe/Lisbon\"|value=\"Europe/Lisbon\"[^>]*id=\"Input_TimeZone\"", form);
    }

    [Fact]
    public async Task ACustomerWithoutAZoneReadsInTheirOrganizations()
    {
        var organization = await _agent.PostFormAsync("/organizations/new", "/organizations/new",
            [new("Input.Name", "Acme"), new("Input.Domains", "acme.example"), new("Input.TimeZone", "Asia/Tokyo")]);
        Assert.Equal(HttpStatusCode.Redirect, organization.StatusCode);

        var created = await _agent.PostFormAsync("/customers/new", "/customers/new", [new("Input.Email", "ana@acme.example")]);

        Assert.Contains("id=\"customer-time-zone\">Asia/Tokyo (the organization&#x27;s)</dd>", await _agent.GetPageAsync(created.Headers.Location!.OriginalString));
        Assert.Contains("Asia/Tokyo", await _agent.GetPageAsync(organization.Headers.Location!.OriginalString));
    }
}
