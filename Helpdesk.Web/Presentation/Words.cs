using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Helpdesk.Web.Presentation;

/// <summary>
/// The app's words for code outside views (presenters, view models, controllers' notices): the same resource the views
/// read as <c>T</c>, in the request's language (its UI culture). Keys are the English text (decision 020).
/// </summary>
public static class Words
{
    private static readonly IStringLocalizer Localizer = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance).Create(typeof(SharedResource));

    public static string T(string english) => Localizer[english].Value;

    public static string T(string english, params object[] arguments) => Localizer[english, arguments].Value;

    /// <summary>
    /// A word that means something else elsewhere (a role "Admin", the menu's "Admin"), looked up as "context|English";
    /// the English when no translation is given.
    /// </summary>
    public static string In(string context, string english) =>
        Localizer[$"{context}|{english}"] is { ResourceNotFound: false } found ? found.Value : english;

    /// <summary>
    /// "no" (HTML's translate attribute) for text a non-English page shows as it was recorded, having no translation (an
    /// audit value that is a sentence, a name); null otherwise, which leaves the attribute out.
    /// </summary>
    public static string? Untranslated(LocalizedString shown) =>
        shown.ResourceNotFound && System.Globalization.CultureInfo.CurrentUICulture.Name == "pt-PT" ? "no" : null;

    /// <summary>A month in words in the request's language: "March 2027", "março de 2027".</summary>
    public static string Month(NodaTime.YearMonth month) => System.Globalization.CultureInfo.CurrentUICulture.Name == "pt-PT"
        ? new DateTime(month.Year, month.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).ToString("MMMM 'de' yyyy", System.Globalization.CultureInfo.CurrentUICulture)
        : Helpdesk.Core.Reports.MonthlyReportText.MonthName(month);

    /// <summary>A number with its noun: <paramref name="one"/> for 1, else <paramref name="many"/> (both keys with {0}).</summary>
    public static string Count(int n, string one, string many) => T(n == 1 ? one : many, n);
}
