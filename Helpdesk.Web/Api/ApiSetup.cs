using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Helpdesk.Web.Api;

/// <summary>The API's limits and policies (decision 021).</summary>
public static class ApiLimits
{
    public const string Policy = "api";
    public const string WritePolicy = "api-write";
    public const string SmartScheme = "CookieOrToken";

    /// <summary>
    /// Registers the token scheme (and a default that picks it for /api, the cookie elsewhere), the write policy, the
    /// per-token rate limit (<c>Api:RequestsPerMinute</c>, 600) and the OpenAPI document of /api/v1.
    /// </summary>
    public static void AddHelpdeskApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<Helpdesk.Infrastructure.Identity.ApiTokenService>();
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null)
            .AddPolicyScheme(SmartScheme, null, o => o.ForwardDefaultSelector = context =>
                context.Request.Path.StartsWithSegments("/api") ? ApiTokenHandler.SchemeName : IdentityConstants.ApplicationScheme);
        services.Configure<Microsoft.AspNetCore.Authentication.AuthenticationOptions>(o =>
        {
            o.DefaultScheme = SmartScheme;
            o.DefaultAuthenticateScheme = SmartScheme;
            o.DefaultChallengeScheme = SmartScheme;
            o.DefaultForbidScheme = SmartScheme;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(WritePolicy, p => p.AddAuthenticationSchemes(ApiTokenHandler.SchemeName).RequireClaim(ApiTokenHandler.ScopeClaim, "read-write"));

        var perMinute = Math.Max(1, configuration.GetValue("Api:RequestsPerMinute", 600));
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
            // The limiter runs before authentication: the partition is the token itself (hashed), so each token has its own window.
            PartitionOf(context),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));

        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Helpdesk API";
                document.Info.Description = "Tickets over REST. Authenticate with a personal token (your settings page): Authorization: Bearer hd_…";
                // Tickets first: the reference page opens its first group, and tickets are what most callers come for.
                document.Tags = new HashSet<OpenApiTag>
                {
                    new() { Name = "Tickets", Description = "The queue: list, read, create, change; replies, notes, files; SLA clocks." },
                    new() { Name = "Customers", Description = "The people who write in." },
                    new() { Name = "Organizations", Description = "The companies customers belong to." },
                    new() { Name = "Disruptions", Description = "Service disruptions: read with any token; declare and post updates as a supervisor." },
                    new() { Name = "SLA simulations", Description = "A draft of a policy or calendar replayed over past tickets beside the saved setup (admins; nothing is saved)." },
                };
                return Task.CompletedTask;
            });
        });
    }

    /// <summary>The OpenAPI document (/openapi/v1.json) and its reference page (/api/docs), for anyone: they describe, they do not serve data.</summary>
    public static void MapHelpdeskApiDocs(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("Helpdesk API")).AllowAnonymous();
    }

    private static string PartitionOf(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.Length is > 0 and <= 200
            ? "token:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(header)))[..16]
            : "anonymous:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    /// <summary>A 429 from the API: problem details with Retry-After.</summary>
    public static async Task RejectAsync(HttpContext context, int seconds, CancellationToken ct)
    {
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: $"This token made too many requests; try again in {seconds} seconds.")
            .ExecuteAsync(context);
    }
}
