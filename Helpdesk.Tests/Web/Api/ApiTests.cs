using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web.Api;

/// <summary>
/// The REST API with personal tokens (issue 21, decision 021), through the app's own HTTP pipeline on SQLite: tokens
/// made on the settings page as a user makes them, then used as an integration would.
/// </summary>
public sealed class ApiTests : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new(TestDatabase.Sqlite(), settings: new Dictionary<string, string> { ["Api:RequestsPerMinute"] = "40" });
    private readonly List<int> _tickets = [];
    private string _agent = string.Empty;

    public async Task InitializeAsync()
    {
        _agent = await _app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await _app.AddStandardPolicyAsync();
        await using var scope = _app.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
        for (var i = 0; i < 30; i++)
        {
            _tickets.Add((await tickets.OpenAsync(new NewTicketInput { RequesterEmail = $"c{i}@acme.example", Subject = $"Request {i}", Description = "Help.", NotifyRequester = false }, _agent)).Number);
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<string> TokenAsync(string scope, string name = "monitoring", int days = 90) => _app.TokenAsync("avery@helpdesk.example", scope, name, days);

    private HttpClient Client(string? token) => _app.ApiClient(token);

    [Fact]
    public async Task ATokenIsShownOnceAndKeptOnlyAsItsHash()
    {
        var secret = await TokenAsync("Read");
        Assert.StartsWith("hd_", secret, StringComparison.Ordinal);
        await using var db = _app.NewContext();
        var stored = await db.Set<ApiToken>().SingleAsync();
        Assert.Equal(ApiToken.HashOf(secret), stored.Hash);
        Assert.DoesNotContain(secret, JsonSerializer.Serialize(stored), StringComparison.Ordinal);

        var session = _app.Session();
        await session.LoginAsync("avery@helpdesk.example");
        var settings = await session.GetPageAsync("/account/settings");
        Assert.DoesNotContain(secret, settings, StringComparison.Ordinal);
        Assert.Contains(stored.Prefix + "…", WebUtility.HtmlDecode(settings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAGoodTokenTheApiAnswers401WithProblemDetails()
    {
        var none = await Client(null).GetAsync("/api/v1/tickets");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", none.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client("hd_not-a-token").GetAsync("/api/v1/tickets")).StatusCode);

        // A cookie of a signed-in user is no key to the API.
        var session = _app.Session();
        await session.LoginAsync("avery@helpdesk.example");
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.Client.GetAsync("/api/v1/tickets")).StatusCode);
    }

    [Fact]
    public async Task ARevokedOrExpiredTokenIsRefused()
    {
        var revoked = await TokenAsync("Read", "old script");
        Assert.Equal(HttpStatusCode.OK, (await Client(revoked).GetAsync("/api/v1/tickets")).StatusCode);
        await using (var db = _app.NewContext())
        {
            var id = (await db.Set<ApiToken>().SingleAsync()).Id;
            var session = _app.Session();
            await session.LoginAsync("avery@helpdesk.example");
            Assert.Equal(HttpStatusCode.Redirect, (await session.PostFormAsync("/account/settings", $"/account/tokens/{id}/revoke", [])).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(revoked).GetAsync("/api/v1/tickets")).StatusCode);

        var expiring = await TokenAsync("Read", "short", days: 1);
        Assert.Equal(HttpStatusCode.OK, (await Client(expiring).GetAsync("/api/v1/tickets")).StatusCode);
        _app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(expiring).GetAsync("/api/v1/tickets")).StatusCode);
    }

    [Fact]
    public async Task TheListPagesByCursorNewestFirstWithoutOverlap()
    {
        var client = Client(await TokenAsync("Read"));
        var first = await client.GetFromJsonAsync<JsonElement>("/api/v1/tickets?limit=20");
        var items = first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()).ToList();
        Assert.Equal(_tickets.OrderDescending().Take(20), items);
        var next = first.GetProperty("next").GetString();
        var second = await client.GetFromJsonAsync<JsonElement>($"/api/v1/tickets?limit=20&cursor={next}");
        Assert.Equal(_tickets.OrderDescending().Skip(20), second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);

        var bad = await client.GetAsync("/api/v1/tickets?status=sideways");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AReadTokenCannotWriteAndAWriteNeedsTheCurrentVersion()
    {
        var number = _tickets[0];
        var reader = Client(await TokenAsync("Read"));
        var read = await reader.GetAsync($"/api/v1/tickets/{number}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var etag = read.Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.NotModified, (await Send(reader, HttpMethod.Get, $"/api/v1/tickets/{number}", null, ifNoneMatch: etag)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(reader, HttpMethod.Patch, $"/api/v1/tickets/{number}", new { priority = "high" }, etag)).StatusCode);

        var writer = Client(await TokenAsync("ReadWrite", "crm"));
        Assert.Equal((HttpStatusCode)428, (await Send(writer, HttpMethod.Patch, $"/api/v1/tickets/{number}", new { priority = "high" }, null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Send(writer, HttpMethod.Patch, $"/api/v1/tickets/{number}", new { priority = "high" }, "\"999\"")).StatusCode);

        var invalid = await Send(writer, HttpMethod.Patch, $"/api/v1/tickets/{number}", new { status = "sideways" }, etag);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));

        var saved = await Send(writer, HttpMethod.Patch, $"/api/v1/tickets/{number}", new { priority = "high", status = "open" }, etag);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.NotEqual(etag, saved.Headers.ETag!.Tag);
        var ticket = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("high", "open"), (ticket.GetProperty("priority").GetString(), ticket.GetProperty("status").GetString()));

        // The same version again is stale now, and the change is audited as the token's user.
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Send(writer, HttpMethod.Patch, $"/api/v1/tickets/{number}", new { priority = "low" }, etag)).StatusCode);
        await using var db = _app.NewContext();
        var audit = await db.Tickets.Where(t => t.Number == number).SelectMany(t => t.AuditTrail).Where(a => a.Field == "Priority").SingleAsync();
        Assert.Equal(("Avery Agent", "High"), (audit.ActorName, audit.NewValue));
    }

    [Fact]
    public async Task PastTheLimitATokenGets429WithRetryAfter()
    {
        var client = Client(await TokenAsync("Read"));
        HttpResponseMessage? last = null;
        for (var i = 0; i < 41; i++)
        {
            last = await client.GetAsync("/api/v1/tickets?limit=1");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.True(last.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);

        // Another token has its own window.
        Assert.Equal(HttpStatusCode.OK, (await Client(await TokenAsync("Read", "other")).GetAsync("/api/v1/tickets?limit=1")).StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocumentListsEveryEndpointAndTheReferencePageServesIt()
    {
        var document = await Client(null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        var documented = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}")).ToHashSet();

        // Every endpoint the app routes under /api/v1, as routing has them (constraints aside), is in the document.
        var routed = _app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods
                .Select(m => $"{m} /{Regex.Replace(e.RoutePattern.RawText!, "\\{([a-z]+)(:[a-z]+)?\\}", "{$1}", RegexOptions.None, TimeSpan.FromSeconds(1))}"))
            .ToHashSet();
        Assert.True(routed.Count >= 20, string.Join(", ", routed));
        Assert.Empty(routed.Except(documented));
        Assert.Contains("PATCH /api/v1/tickets/{number}", documented);
        Assert.DoesNotContain(paths.EnumerateObject(), p => !p.Name.StartsWith("/api/", StringComparison.Ordinal)); // the app's pages are not API

        var moved = await Client(null).GetAsync("/api/docs");
        var docs = moved.StatusCode == HttpStatusCode.Found ? await Client(null).GetAsync(new Uri(moved.RequestMessage!.RequestUri!, moved.Headers.Location!)) : moved;
        Assert.True(docs.StatusCode == HttpStatusCode.OK, $"{moved.StatusCode} {moved.Headers.Location} then {docs.StatusCode}");
        Assert.Contains("openapi", await docs.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, object? body, string? ifMatch = null, string? ifNoneMatch = null) =>
        client.SendAsync(method, url, body, ifMatch, ifNoneMatch);
}
