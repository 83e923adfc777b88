using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using System.Threading.RateLimiting;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Web.Hosting;

/// <summary>
/// What guards the app from its visitors: the client address and scheme behind a reverse proxy, rate limits on the
/// public pages and sign-in, the sign-in pause, a per-request check that a login is still what it was, and the
/// protection of the data-protection keys.
/// </summary>
public static class WebSecurity
{
    public const string PublicRateLimit = "public";
    public const string SignInRateLimit = "sign-in";

    public static void AddHelpdeskSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var security = configuration.GetSection("Security");

        // Behind a TLS proxy: the client's address and scheme from X-Forwarded-For/-Proto, believed only from the
        // proxies named (by default the loopback, where a proxy on the same machine connects from).
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in security.GetSection("KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in security.GetSection("KnownNetworks").Get<string[]>() ?? [])
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        // Per client address, a fixed window a minute; past it 429 with Retry-After.
        var publicPerMinute = security.GetValue("PublicRequestsPerMinute", 60);
        var signInPerMinute = security.GetValue("SignInAttemptsPerMinute", 10);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : 60;
                if (context.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    await Api.ApiLimits.RejectAsync(context.HttpContext, seconds, ct);
                    return;
                }

                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync($"Too many requests from your network. Try again in {seconds} seconds.", ct);
            };
            o.AddPolicy(PublicRateLimit, context => PerClient(context, publicPerMinute));
            o.AddPolicy(SignInRateLimit, context => PerClient(context, signInPerMinute));
        });

        services.AddSingleton(sp => new SignInThrottle(
            sp.GetRequiredService<TimeProvider>(), security.GetValue("MaxFailedLogins", 5), TimeSpan.FromMinutes(security.GetValue("LockoutMinutes", 15.0))));

        // The keys that sign cookies and links: encrypted at rest with a certificate when one is configured.
        var certificate = configuration["DataProtection:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(certificate))
        {
            services.AddDataProtection().ProtectKeysWithCertificate(
                X509CertificateLoader.LoadPkcs12FromFile(certificate, configuration["DataProtection:CertificatePassword"], X509KeyStorageFlags.EphemeralKeySet));
        }
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    /// <summary>
    /// Every request of a signed-in user compares the cookie's security stamp with the login's (one lookup by key):
    /// deactivating a login or taking a role away changes the stamp, and the next request is signed out.
    /// </summary>
    public static async Task ValidateStampAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var id = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal is null || id is null)
        {
            return;
        }

        var claimType = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var stamp = principal.FindFirstValue(claimType);
        var db = context.HttpContext.RequestServices.GetRequiredService<HelpdeskDbContext>();
        var current = await db.Users.Where(u => u.Id == id).Select(u => u.SecurityStamp).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        if (current is null || !string.Equals(current, stamp, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }
}
