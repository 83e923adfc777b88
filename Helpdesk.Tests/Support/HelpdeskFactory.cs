using System.Net;
using System.Text.RegularExpressions;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Support;

/// <summary>The real app on a real database file (or PostgreSQL), with a manual clock and no demo data.</summary>
public class HelpdeskFactory : WebApplicationFactory<Program>
{
    public const string Password = "Correct-horse-42";

    static HelpdeskFactory()
    {
        // File providers poll instead of holding an inotify instance each (128 per user by default): the host never
        // disposes its content and web root providers, and a suite starts hundreds of apps in one process.
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    public HelpdeskFactory()
        : this(TestDatabase.Sqlite())
    {
    }

    public HelpdeskFactory(TestDatabase database, bool ownsDatabase = true, IReadOnlyDictionary<string, string>? settings = null)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
        _settings = settings ?? new Dictionary<string, string>();
    }

    private readonly bool _ownsDatabase;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        builder.UseSetting("Demo:SeedOnStart", "false");
        builder.UseSetting("Jobs:Enabled", "false");

        // The same database in configuration too, for what reads it from there (the scheduler's store).
        builder.UseSetting("Database:Provider", Database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Helpdesk", Database.Settings.ConnectionString);
        builder.UseSetting("Storage:DataPath", Database.Settings.DataPath);

        // Rate limits far from what a test does, unless a test sets its own.
        builder.UseSetting("Security:SignInAttemptsPerMinute", "10000");
        builder.UseSetting("Security:PublicRequestsPerMinute", "10000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, LoopbackClient>();
            services.AddSingleton(Database.Settings);
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>Creates a staff login with the given roles and returns its id.</summary>
    public async Task<string> CreateUserAsync(string email, string name, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var result = await accounts.CreateAsync(new NewUserInput { Email = email, DisplayName = name, Password = Password, Roles = [.. roles] });
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Value)));
        return result.UserId!;
    }

    public HelpdeskDbContext NewContext() => Database.NewContext();

    /// <summary>A 24x7 UTC calendar and a "Standard" policy with the targets of <see cref="Unit.Sla.SlaEngineTests.Policy"/>.</summary>
    public async Task AddStandardPolicyAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<Helpdesk.Core.Ports.ISlaStore>();
        var now = Clock.GetUtcNow();
        var calendar = new Helpdesk.Core.Sla.SlaCalendar(Helpdesk.Core.Sla.CalendarDefinition.TwentyFourSeven("Around the clock", "UTC"), now);
        store.Add(calendar);
        await store.SaveChangesAsync();
        var template = Builders.Build.Policy(0, "Standard", calendar.Id);
        var policy = new Helpdesk.Core.Sla.SlaPolicy("Standard", calendar.Id, 1);
        policy.Update("Standard", calendar.Id, true, [], [], [], [], [Helpdesk.Core.Domain.TicketStatus.Pending, Helpdesk.Core.Domain.TicketStatus.OnHold], [75, 90],
            template.Targets.Select(t => (t.Metric, t.Priority, t.Minutes)).ToList(), now);
        store.Add(policy);
        await store.SaveChangesAsync();
    }

    /// <summary>Stores a small text file as an upload would, for a message to carry.</summary>
    public async Task<Helpdesk.Core.Domain.AttachmentFile> StoreFileAsync(string name, string content)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
        return await Services.GetRequiredService<Helpdesk.Infrastructure.Storage.AttachmentStore>().SaveAsync(name, "text/plain", stream);
    }

    /// <summary>Adds a group and returns its id.</summary>
    public async Task<int> AddGroupAsync(string name)
    {
        await using var db = NewContext();
        var group = new Helpdesk.Core.Domain.Group(name);
        db.Groups.Add(group);
        await db.SaveChangesAsync();
        return group.Id;
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects.</summary>
    public WebSession Session() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// The in-memory test server gives requests no client address; this gives them the loopback's, as a reverse proxy on
/// the same machine would connect from, so that a test names its client with X-Forwarded-For as that proxy would.
/// A request with <c>X-Test-Peer</c> comes from that address instead, as a client connecting directly.
/// </summary>
internal sealed class LoopbackClient : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= context.Request.Headers.TryGetValue("X-Test-Peer", out var peer) ? IPAddress.Parse(peer.ToString()) : IPAddress.Loopback;
            return nextMiddleware(context);
        });
        next(app);
    };
}

/// <summary>An HTTP session that reads antiforgery tokens from pages and posts forms like a browser.</summary>
public sealed partial class WebSession(HttpClient client)
{
    public HttpClient Client { get; } = client;

    public async Task<HttpResponseMessage> GetAsync(string url) => await Client.GetAsync(url);

    public async Task<string> GetPageAsync(string url)
    {
        var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Loads <paramref name="formPage"/> for its antiforgery token, then posts the fields to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await GetPageAsync(formPage);
        var token = TokenPattern().Match(page);
        Assert.True(token.Success, $"no antiforgery token on {formPage}");
        var all = fields.Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
        return await Client.PostAsync(action, new FormUrlEncodedContent(all));
    }

    public async Task LoginAsync(string email, string password = HelpdeskFactory.Password)
    {
        var response = await PostFormAsync("/login", "/login", [new("Input.Email", email), new("Input.Password", password)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
