using System.Globalization;

namespace Helpdesk.Core.Domain;

/// <summary>IANA time zones as customers, organizations and the helpdesk name them.</summary>
public static class TimeZones
{
    public const int IdLength = 64;

    /// <summary>True for an IANA zone id this machine knows (e.g. Europe/Lisbon, America/Sao_Paulo, UTC).</summary>
    public static bool IsKnown(string? id) =>
        id is { Length: > 0 and <= IdLength } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;

    /// <summary>The zone, or a <see cref="DomainException"/> naming what was given.</summary>
    public static TimeZoneInfo Find(string id) =>
        IsKnown(id) ? TimeZoneInfo.FindSystemTimeZoneById(id) : throw new DomainException($"\"{id}\" is not a time zone; use an IANA name such as Europe/Lisbon.");

    /// <summary>A given zone id trimmed, or null when none was given; unknown ids are refused.</summary>
    public static string? Normalize(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        return Find(id.Trim()).Id;
    }

    /// <summary>Every zone the machine knows by IANA id, for the forms' suggestions.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id).Order(StringComparer.Ordinal)];

    /// <summary>How a reader names the zone: "Lisbon time", "Sao Paulo time", "UTC".</summary>
    public static string Label(TimeZoneInfo zone)
    {
        if (zone.Id is "UTC" or "Etc/UTC" or "Etc/GMT" or "GMT" or "Etc/Universal" or "Universal" or "Zulu")
        {
            return "UTC";
        }

        var slash = zone.Id.LastIndexOf('/');
        return (slash < 0 ? zone.Id : zone.Id[(slash + 1)..]).Replace('_', ' ') + " time";
    }

    /// <summary>An instant as a customer reads it in their zone: "Tuesday 3 March, 10:00 (Lisbon time)"; the year when it is not this year's.</summary>
    public static string Spoken(DateTimeOffset instant, TimeZoneInfo zone, DateTimeOffset now, string language = Languages.English)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var sameYear = local.Year == TimeZoneInfo.ConvertTime(now, zone).Year;
        if (language == Languages.Portuguese)
        {
            // "terça-feira, 3 de março, 10:00 (hora de Lisboa)"
            var pt = Languages.Culture(Languages.Portuguese);
            var date = local.ToString(sameYear ? "dddd, d 'de' MMMM" : "dddd, d 'de' MMMM 'de' yyyy", pt);
            return string.Create(pt, $"{date}, {local:HH:mm} ({LabelPt(zone)})");
        }

        var year = sameYear ? string.Empty : " " + local.Year.ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{local:dddd} {local.Day} {local:MMMM}{year}, {local:HH:mm} ({Label(zone)})");
    }

    /// <summary>The zone in Portuguese: "hora de Lisboa", "UTC".</summary>
    public static string LabelPt(TimeZoneInfo zone)
    {
        var english = Label(zone);
        if (english == "UTC")
        {
            return english;
        }

        var city = english[..^" time".Length];
        return "hora de " + city switch
        {
            "Lisbon" => "Lisboa",
            "Azores" => "Açores",
            "Sao Paulo" => "São Paulo",
            "London" => "Londres",
            "Madrid" => "Madrid",
            "Paris" => "Paris",
            "Luanda" => "Luanda",
            "Maputo" => "Maputo",
            _ => city,
        };
    }
}

/// <summary>The helpdesk's own zone (<c>Display:TimeZone</c>): where a customer's or their organization's zone is not known.</summary>
public sealed record DisplayZone(TimeZoneInfo Zone)
{
    public static DisplayZone Utc { get; } = new(TimeZoneInfo.Utc);

    /// <summary>The zone a customer reads times in: their own, else their organization's, else the helpdesk's.</summary>
    public TimeZoneInfo For(Customer customer) =>
        customer.TimeZone is { } own && TimeZones.IsKnown(own) ? TimeZoneInfo.FindSystemTimeZoneById(own)
        : customer.Organization?.TimeZone is { } shared && TimeZones.IsKnown(shared) ? TimeZoneInfo.FindSystemTimeZoneById(shared)
        : Zone;
}
