using System.Globalization;
using System.Text.RegularExpressions;

namespace Helpdesk.Infrastructure.Mail.Mime;

/// <summary>RFC 5322 §3.3 dates, with the obsolete forms (§4.3): named zones, two-digit years, no seconds, comments.</summary>
public static partial class DateParser
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static readonly Dictionary<string, int> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0,
        ["UTC"] = 0,
        ["GMT"] = 0,
        ["Z"] = 0,
        ["EST"] = -5,
        ["EDT"] = -4,
        ["CST"] = -6,
        ["CDT"] = -5,
        ["MST"] = -7,
        ["MDT"] = -6,
        ["PST"] = -8,
        ["PDT"] = -7,
    };

    public static DateTimeOffset? Parse(string? value)
    {
        // A real Date field is short; anything longer is not a date worth reading.
        if (string.IsNullOrWhiteSpace(value) || value.Length > 200)
        {
            return null;
        }

        var match = DatePattern().Match(CommentPattern().Replace(value, " "));
        if (!match.Success)
        {
            return null;
        }

        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        var month = Array.IndexOf(Months, match.Groups["month"].Value[..3].ToLowerInvariant()) + 1;
        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (match.Groups["year"].Value.Length <= 2)
        {
            year += year < 50 ? 2000 : 1900;
        }
        else if (match.Groups["year"].Value.Length == 3)
        {
            year += 1900;
        }

        var hour = int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture);
        var second = match.Groups["second"].Success ? int.Parse(match.Groups["second"].Value, CultureInfo.InvariantCulture) : 0;
        var offset = TimeSpan.Zero;
        var zone = match.Groups["zone"].Value;
        if (zone.Length == 5 && zone[0] is '+' or '-' && int.TryParse(zone.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm))
        {
            offset = new TimeSpan(hhmm / 100, hhmm % 100, 0) * (zone[0] == '-' ? -1 : 1);
        }
        else if (Zones.TryGetValue(zone, out var hours))
        {
            offset = TimeSpan.FromHours(hours);
        }

        if (month < 1 || day is < 1 or > 31 || hour > 23 || minute > 59 || second > 60 || offset.Duration() >= TimeSpan.FromHours(15))
        {
            return null;
        }

        try
        {
            return new DateTimeOffset(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)), hour, minute, Math.Min(second, 59), offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"(?<day>\d{1,2})\s*[- ]\s*(?<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*[- ]\s*(?<year>\d{2,4})\s+(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?\s*(?<zone>[+-]\d{4}|[A-Za-z]{1,5})?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"\([^()]*\)", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CommentPattern();
}
