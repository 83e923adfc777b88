using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Helpdesk.Web.Controllers;

namespace Helpdesk.Tests.Web;

/// <summary>Strangers at the door: sign-in guessing, floods of requests, a TLS proxy in front, and logins changed mid-session.</summary>
public sealed partial class VisitorSecurityTests
{
    private static WebSession From(HelpdeskFactory app, string client)
    {
        var session = app.Session();
        session.Client.DefaultRequestHeaders.Add("X-Forwarded-For", client);
        return session;
    }

    private static Task<HttpResponseMessage> SignInAsync(WebSession session, string email, string password) =>
        session.PostFormAsync("/login", "/login", [new("Input.Email", email), new("Input.Password", password)]);

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(AlertPattern().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value).Trim();

    [Fact]
    public async Task AStrangerWhoGuessesPausesOnlyTheirOwnNetworkAndLearnsNothingOfWhichAccountsExist()
    {
        await using var app = new HelpdeskFactory();
        var adminId = await app.CreateUserAsync("admin@helpdesk.example", "Alex", Roles.All.ToArray());
        var stranger = From(app, "203.0.113.9");

        // Five wrong guesses at the admin and at an email that is no account: the same answers, in the same order.
        var answers = new Dictionary<string, List<(HttpStatusCode, string)>>();
        foreach (var email in new[] { "admin@helpdesk.example", "nobody@helpdesk.example" })
        {
            answers[email] = [];
            for (var i = 0; i < 6; i++)
            {
                var response = await SignInAsync(stranger, email, "wrong-password-" + i);
                answers[email].Add((response.StatusCode, await ErrorOfAsync(response)));
            }
        }

        Assert.Equal(answers["nobody@helpdesk.example"], answers["admin@helpdesk.example"]);
        Assert.All(answers["admin@helpdesk.example"].Take(5), a => Assert.Equal((HttpStatusCode.OK, AccountController.Incorrect), a));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers["admin@helpdesk.example"][5].Item1);
        Assert.StartsWith("Too many failed sign-ins for this email from your network. Try again in 15 minutes", answers["admin@helpdesk.example"][5].Item2, StringComparison.Ordinal);

        // Even the right password does not get the stranger's network in now; the admin's own network is not affected.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(stranger, "admin@helpdesk.example", HelpdeskFactory.Password)).StatusCode);
        var office = From(app, "198.51.100.7");
        await office.LoginAsync("admin@helpdesk.example");

        // The admin sees the pause and lifts it; then the right password works from the stranger's network too.
        Assert.Contains("Sign-in paused", await office.GetPageAsync("/admin/users"));
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync($"/admin/users/{adminId}", $"/admin/users/{adminId}/unlock", [])).StatusCode);
        await From(app, "203.0.113.9").LoginAsync("admin@helpdesk.example");

        // A pause ends by itself after the lockout time.
        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(stranger, "nobody@helpdesk.example", "again");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(stranger, "nobody@helpdesk.example", "again")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(stranger, "nobody@helpdesk.example", "again")).StatusCode);
    }

    [Fact]
    public async Task PublicPagesAndSignInAreRateLimitedPerClientWithRetryAfter()
    {
        await using var app = new HelpdeskFactory(TestDatabase.Sqlite(), ownsDatabase: true, new Dictionary<string, string>
        {
            ["Security:PublicRequestsPerMinute"] = "5",
            ["Security:SignInAttemptsPerMinute"] = "3",
        });
        var flood = From(app, "203.0.113.20");
        foreach (var url in new[] { "/status", "/status", "/notices/opt-out?t=x", "/satisfaction?t=x", "/status" })
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await flood.GetAsync(url)).StatusCode);
        }

        var refused = await flood.GetAsync("/status");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After");
        Assert.Contains("Too many requests", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await From(app, "203.0.113.21").GetAsync("/status")).StatusCode);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync(flood, $"user{i}@example.org", "guess")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(flood, "user9@example.org", "guess")).StatusCode);
    }

    [Fact]
    public async Task BehindATlsProxyCookiesAreSecureAndHstsIsSentButOnlyWhenTheProxyIsTrusted()
    {
        await using var app = new HelpdeskFactory();

        async Task<HttpResponseMessage> GetLoginAsync(string? proto, string? peer = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
            request.Headers.Host = "helpdesk.example";
            request.Headers.Add("X-Forwarded-For", "203.0.113.30");
            if (proto is not null)
            {
                request.Headers.Add("X-Forwarded-Proto", proto);
            }

            if (peer is not null)
            {
                request.Headers.Add("X-Test-Peer", peer);
            }

            return await app.Session().Client.SendAsync(request);
        }

        var https = await GetLoginAsync("https");
        Assert.True(https.Headers.Contains("Strict-Transport-Security"), "HSTS over HTTPS");
        Assert.All(https.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        var http = await GetLoginAsync(null);
        Assert.False(http.Headers.Contains("Strict-Transport-Security"));
        Assert.All(http.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));

        // A client that connects directly and claims HTTPS is not a trusted proxy: its headers are ignored.
        var spoofed = await GetLoginAsync("https", peer: "198.51.100.50");
        Assert.False(spoofed.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task TakingARoleAwayOrDeactivatingTakesEffectOnTheNextRequest()
    {
        await using var app = new HelpdeskFactory();
        await app.CreateUserAsync("admin@helpdesk.example", "Alex", Roles.All.ToArray());
        var samId = await app.CreateUserAsync("sam@helpdesk.example", "Sam", Roles.Supervisor, Roles.Agent);
        var admin = app.Session();
        await admin.LoginAsync("admin@helpdesk.example");
        var sam = app.Session();
        await sam.LoginAsync("sam@helpdesk.example");
        Assert.Equal(HttpStatusCode.OK, (await sam.GetAsync("/reports")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/users/{samId}", $"/admin/users/{samId}",
            [new("Input.DisplayName", "Sam"), new("Input.Roles", "Agent"), new("Input.IsActive", "true")])).StatusCode);
        var after = await sam.GetAsync("/reports");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/login?ReturnUrl=", after.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // Signed in again as an agent only; then deactivated: the open session ends at once.
        await sam.LoginAsync("sam@helpdesk.example");
        Assert.Equal(HttpStatusCode.OK, (await sam.GetAsync("/tickets?assignee=anyone")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/users/{samId}", $"/admin/users/{samId}",
            [new("Input.DisplayName", "Sam"), new("Input.Roles", "Agent"), new("Input.IsActive", "false")])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await sam.GetAsync("/tickets?assignee=anyone")).StatusCode);
    }

    [Fact]
    public async Task WithACertificateConfiguredTheDataProtectionKeysAreEncryptedAtRest()
    {
        var database = TestDatabase.Sqlite();
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Helpdesk keys", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(database.Settings.DataPath, "keys.pfx");
        Directory.CreateDirectory(database.Settings.DataPath);
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "pfx-password"));

        await using var app = new HelpdeskFactory(database, ownsDatabase: true, new Dictionary<string, string>
        {
            ["DataProtection:CertificatePath"] = path,
            ["DataProtection:CertificatePassword"] = "pfx-password",
        });
        Assert.Equal(HttpStatusCode.OK, (await app.Session().GetAsync("/login")).StatusCode); // the antiforgery token makes the first key

        // The key ring is in the database (docs/decisions/017-several-nodes.md).
        await using var db = app.NewContext();
        var keys = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync();
        Assert.NotEmpty(keys);
        foreach (var xml in keys)
        {
            Assert.Contains("EncryptedXml", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("<div class=\"alert alert-danger[^\"]*\"[^>]*>\\s*<ul>\\s*<li>([^<]*)</li>")]
    private static partial Regex AlertPattern();
}
