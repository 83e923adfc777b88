using System.Globalization;
using Helpdesk.Core.Domain;
using Microsoft.AspNetCore.Localization;

namespace Helpdesk.Web.Hosting;

/// <summary>
/// The language of a request (decision 020). Customers' pages (the portal) speak the signed-in customer's language (theirs,
/// else their organization's, else <c>Localization:DefaultLanguage</c>); before sign-in, the browser's Accept-Language.
/// Staff pages stay in English until they are translated. Only Portuguese is set as a culture: English pages keep the
/// culture the app runs with, so their numbers and dates are formatted as before.
/// </summary>
public sealed class CustomerCultureProvider : RequestCultureProvider
{
    public static readonly CultureInfo Portuguese = CultureInfo.GetCultureInfo("pt-PT");

    public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        if (!IsCustomerPage(httpContext.Request.Path))
        {
            return null;
        }

        var defaults = httpContext.RequestServices.GetRequiredService<DefaultLanguage>();
        var language = await PortalAuthentication.CustomerAsync(httpContext) is { } customer
            ? defaults.For(customer)
            : Languages.Normalize(httpContext.Request.Headers.AcceptLanguage.ToString()) ?? defaults.Tag;
        return language == Languages.Portuguese ? new ProviderCultureResult("pt-PT") : null;
    }

    public static bool IsCustomerPage(PathString path) => path.StartsWithSegments("/portal");

    /// <summary>The request's language, as a tag.</summary>
    public static string Language => CultureInfo.CurrentUICulture.Name == "pt-PT" ? Languages.Portuguese : Languages.English;
}
