using System.Globalization;

namespace Helpdesk.Web.Presentation;

/// <summary>
/// Renders instants in the helpdesk's display time zone (<c>Display:TimeZone</c>, IANA id; UTC by default), in a given
/// language or, without one, the request's (its UI culture).
/// </summary>
public sealed class TimeDisplay(Helpdesk.Core.Domain.DisplayZone display, TimeProvider time, string? reads = null)
{
    private readonly TimeZoneInfo _zone = display.Zone;

    private string Language => reads ?? (CultureInfo.CurrentUICulture.Name == "pt-PT" ? Helpdesk.Core.Domain.Languages.Portuguese : Helpdesk.Core.Domain.Languages.English);

    public string ZoneName => _zone.Id;

    public TimeZoneInfo Zone => _zone;

    /// <summary>How a reader names the zone: "Lisbon time".</summary>
    public string ZoneLabel => Language == Helpdesk.Core.Domain.Languages.Portuguese ? Helpdesk.Core.Domain.TimeZones.LabelPt(_zone) : Helpdesk.Core.Domain.TimeZones.Label(_zone);

    /// <summary>The same rendering in another zone (a customer's, on the portal).</summary>
    public TimeDisplay In(TimeZoneInfo zone, string? language = null) =>
        zone == _zone && language == reads ? this : new TimeDisplay(new Helpdesk.Core.Domain.DisplayZone(zone), time, language ?? reads);

    /// <summary>Today's date in the display zone.</summary>
    public DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone).DateTime);

    /// <summary>The instant a date begins in the display zone.</summary>
    public DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, _zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public string Absolute(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, _zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public string Relative(DateTimeOffset instant)
    {
        var span = time.GetUtcNow() - instant;
        var future = span < TimeSpan.Zero;
        span = span.Duration();
        if (Language == Helpdesk.Core.Domain.Languages.Portuguese)
        {
            var pt = span.TotalMinutes < 1 ? "agora mesmo"
                : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min"
                : span.TotalDays < 1 ? $"{(int)span.TotalHours} h"
                : span.TotalDays < 60 ? $"{(int)span.TotalDays} {((int)span.TotalDays == 1 ? "dia" : "dias")}"
                : Absolute(instant)[..10];
            return pt == "agora mesmo" || pt.Length == 10 ? pt : future ? $"daqui a {pt}" : $"há {pt}";
        }

        var text = span.TotalMinutes < 1 ? "just now"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours} h"
            : span.TotalDays < 60 ? $"{(int)span.TotalDays} d"
            : Absolute(instant)[..10];
        if (text == "just now" || text.Length == 10)
        {
            return text;
        }

        return future ? $"in {text}" : $"{text} ago";
    }
}
