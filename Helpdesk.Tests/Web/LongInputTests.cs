using System.Net;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Web;

/// <summary>A 10,000-character name is refused where it makes no sense, with the field's error, and nothing is saved.</summary>
public sealed class LongInputTests : IAsyncLifetime
{
    private static readonly string Long = new('x', 10_000);
    private readonly HelpdeskFactory _app = new();
    private WebSession _admin = null!;

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("admin@helpdesk.example", "Alex Admin", Roles.All.ToArray());
        _admin = _app.Session();
        await _admin.LoginAsync("admin@helpdesk.example");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string, string[]> Forms => new()
    {
        { "/tickets/new", "Input.Subject", ["Input.RequesterEmail=ana@acme.example", "Input.Description=Help", "Input.Priority=Normal", "Input.Channel=Phone"] },
        { "/tickets/new", "Input.RequesterName", ["Input.RequesterEmail=ana@acme.example", "Input.Subject=Help", "Input.Description=Help", "Input.Priority=Normal", "Input.Channel=Phone"] },
        { "/customers/new", "Input.Name", ["Input.Email=bo@acme.example"] },
        { "/organizations/new", "Input.Name", [] },
        { "/admin/users/new", "Input.DisplayName", ["Input.Email=new@helpdesk.example", "Input.Password=long enough password", "Input.Roles=Agent"] },
        { "/admin/policies/new", "Input.Name", ["Input.WarnPercents=75"] },
        { "/disruptions", "Input.Title", ["Input.Message=Down", "Input.Everyone=true"] },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task ATenThousandCharacterNameIsRefusedWithTheFieldsError(string form, string field, string[] others)
    {
        var page = form == "/disruptions" ? "/disruptions" : form;
        var fields = others.Select(o => o.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1])).Append(new(field, Long)).ToList();
        var response = await _admin.PostFormAsync(page, form, fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("must be \\d+ characters or fewer|at most \\d+ characters", html);
        await using var db = _app.NewContext();
        Assert.Equal(0, await db.Tickets.CountAsync() + await db.Organizations.CountAsync() + await db.Set<Helpdesk.Core.Domain.Disruption>().CountAsync()
            + await db.SlaPolicies.CountAsync() + await db.Customers.CountAsync(c => c.Email == "bo@acme.example"));
    }

    [Fact]
    public async Task ACalendarWithATenThousandCharacterNameOrAnOversizedJsonIsRefused()
    {
        var json = "{\"name\":\"" + Long + "\",\"timeZone\":\"UTC\",\"week\":{}}";
        var response = await _admin.PostFormAsync("/admin/calendars/new", "/admin/calendars/new", [new("Input.Json", json)]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("name: at most 200 characters (10000 given).", await response.Content.ReadAsStringAsync());

        var huge = "{\"name\":\"Big\",\"timeZone\":\"UTC\",\"week\":{},\"holidays\":[" + string.Join(',', Enumerable.Repeat("{\"date\":\"2026-12-25\"}", 6_000)) + "]}";
        response = await _admin.PostFormAsync("/admin/calendars/new", "/admin/calendars/new", [new("Input.Json", huge)]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("has at most 100,000 characters", await response.Content.ReadAsStringAsync());
        await using var db = _app.NewContext();
        Assert.Equal(0, await db.SlaCalendars.CountAsync());
    }

    [Fact]
    public async Task SigningInWithATenThousandCharacterAddressIsAFieldErrorNotACrash()
    {
        var visitor = _app.Session();
        var response = await visitor.PostFormAsync("/login", "/login", [new("Input.Email", Long + "@example.com"), new("Input.Password", "whatever")]);
        Assert.True(response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.OK, $"status {response.StatusCode}");
        Assert.Contains("An email address has at most 254 characters.", await response.Content.ReadAsStringAsync());
    }
}
