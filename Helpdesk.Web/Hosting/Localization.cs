using System.Globalization;
using System.Security.Claims;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;

namespace Helpdesk.Web.Hosting;

/// <summary>
/// The language of a request (decision 020). Customers' pages (the portal) speak the signed-in customer's language (theirs,
/// else their organization's, else <c>Localization:DefaultLanguage</c>); staff pages the signed-in agent's choice (their
/// settings), else the default. Before anyone signs in, the browser's Accept-Language, else the default. Only Portuguese
/// is set as a culture: English pages keep the culture the app runs with, so their numbers and dates read as before.
/// Runs after authentication, which it reads.
/// </summary>
public sealed class ReaderCultureProvider : RequestCultureProvider
{
    public static readonly CultureInfo Portuguese = CultureInfo.GetCultureInfo("pt-PT");

    public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var defaults = httpContext.RequestServices.GetRequiredService<DefaultLanguage>();
        string language;
        if (IsCustomerPage(httpContext.Request.Path))
        {
            language = await PortalAuthentication.CustomerAsync(httpContext) is { } customer ? defaults.For(customer) : Browser(httpContext) ?? defaults.Tag;
        }
        else if (httpContext.User.Identity?.IsAuthenticated == true)
        {
            language = httpContext.User.FindFirstValue(StaffClaims.Language) ?? defaults.Tag;
        }
        else
        {
            language = Browser(httpContext) ?? defaults.Tag;
        }

        return language == Languages.Portuguese ? new ProviderCultureResult("pt-PT") : null;
    }

    private static string? Browser(HttpContext httpContext) => Languages.Normalize(httpContext.Request.Headers.AcceptLanguage.ToString());

    public static bool IsCustomerPage(PathString path) => path.StartsWithSegments("/portal");

    /// <summary>The request's language, as a tag.</summary>
    public static string Language => CultureInfo.CurrentUICulture.Name == "pt-PT" ? Languages.Portuguese : Languages.English;
}

/// <summary>A staff login's claims: Identity's (name, roles, security stamp) and the language the agent chose.</summary>
public sealed class StaffClaims(UserManager<IdentityUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, IHelpdeskStore store)
    : UserClaimsPrincipalFactory<IdentityUser, IdentityRole>(users, roles, options)
{
    public const string Language = "helpdesk:language";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(IdentityUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if ((await store.FindAgentAsync(user.Id))?.Language is { } language)
        {
            identity.AddClaim(new Claim(Language, language));
        }

        return identity;
    }
}
