using System.Globalization;
using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Helpdesk.Core.Sla;

/// <summary>
/// An open interval of a day in local minutes from that day's midnight. <see cref="End"/> may pass 1440:
/// an overnight shift (22:00–06:00) belongs to the day it starts on and runs to 06:00 the next day.
/// </summary>
public readonly record struct OpenInterval(int Start, int End)
{
    public const int MinutesPerDay = 24 * 60;

    public bool IsOvernight => End > MinutesPerDay;

    public override string ToString() => $"{Format(Start)}–{Format(End > MinutesPerDay ? End - MinutesPerDay : End)}";

    public static string Format(int minutes) =>
        minutes == MinutesPerDay ? "24:00" : string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");
}

/// <summary>A day whose open intervals replace its weekday's (none: closed all day), with an optional name ("Christmas").</summary>
public sealed record Holiday(LocalDate Date, IReadOnlyList<OpenInterval> Open, string? Name = null)
{
    public const int NameLength = 100;

    public bool IsClosedAllDay => Open.Count == 0;
}

/// <summary>
/// A business calendar as people write it: a time zone, open intervals per weekday and holidays.
/// One JSON format serves the admin import/export and the command line (see README, "Business calendars").
/// </summary>
public sealed record CalendarDefinition(
    string Name,
    string TimeZoneId,
    IReadOnlyDictionary<IsoDayOfWeek, IReadOnlyList<OpenInterval>> Week,
    IReadOnlyList<Holiday> Holidays)
{
    private static readonly (string Name, IsoDayOfWeek Day)[] Days =
    [
        ("monday", IsoDayOfWeek.Monday), ("tuesday", IsoDayOfWeek.Tuesday), ("wednesday", IsoDayOfWeek.Wednesday),
        ("thursday", IsoDayOfWeek.Thursday), ("friday", IsoDayOfWeek.Friday), ("saturday", IsoDayOfWeek.Saturday),
        ("sunday", IsoDayOfWeek.Sunday),
    ];

    /// <summary>Open around the clock, every day.</summary>
    public static CalendarDefinition TwentyFourSeven(string name = "24x7", string zone = "UTC") =>
        new(name, zone, Days.ToDictionary(d => d.Day, _ => (IReadOnlyList<OpenInterval>)[new OpenInterval(0, OpenInterval.MinutesPerDay)]), []);

    public IReadOnlyList<OpenInterval> On(IsoDayOfWeek day) => Week.TryGetValue(day, out var open) ? open : [];

    /// <summary>Parses and validates the JSON form; every error names the field it is about.</summary>
    public static CalendarParseResult Parse(string json)
    {
        var errors = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return CalendarParseResult.Failed($"The calendar is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return CalendarParseResult.Failed("The calendar must be a JSON object.");
            }

            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!.Trim() : string.Empty;
            if (name.Length == 0)
            {
                errors.Add("name: a calendar needs a name.");
            }
            else if (name.Length > Helpdesk.Core.Domain.Limits.NameLength)
            {
                errors.Add($"name: at most {Helpdesk.Core.Domain.Limits.NameLength} characters ({name.Length} given).");
            }

            var zoneId = root.TryGetProperty("timeZone", out var z) && z.ValueKind == JsonValueKind.String ? z.GetString()! : string.Empty;
            if (zoneId.Length == 0)
            {
                errors.Add("timeZone: give an IANA time zone such as Europe/Lisbon.");
            }
            else if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is null)
            {
                errors.Add($"timeZone: unknown time zone '{zoneId}'.");
            }

            var week = new Dictionary<IsoDayOfWeek, IReadOnlyList<OpenInterval>>();
            if (!root.TryGetProperty("week", out var w) || w.ValueKind != JsonValueKind.Object)
            {
                errors.Add("week: give the open intervals of each weekday, e.g. \"monday\": [[\"09:00\",\"17:00\"]].");
            }
            else
            {
                foreach (var property in w.EnumerateObject())
                {
                    var day = Days.FirstOrDefault(d => d.Name == property.Name.ToLowerInvariant());
                    if (day.Name is null)
                    {
                        errors.Add($"week.{property.Name}: unknown weekday; use monday … sunday.");
                        continue;
                    }

                    week[day.Day] = ParseIntervals(property.Value, $"week.{day.Name}", errors);
                }
            }

            var holidays = new List<Holiday>();
            if (root.TryGetProperty("holidays", out var h))
            {
                if (h.ValueKind != JsonValueKind.Array)
                {
                    errors.Add("holidays: must be a list of {\"date\": \"yyyy-MM-dd\"} entries.");
                }
                else
                {
                    var index = 0;
                    foreach (var item in h.EnumerateArray())
                    {
                        var field = $"holidays[{index++}]";
                        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("date", out var d) || d.ValueKind != JsonValueKind.String)
                        {
                            errors.Add($"{field}.date: each holiday needs a date (yyyy-MM-dd).");
                            continue;
                        }

                        var parsed = LocalDatePattern.Iso.Parse(d.GetString()!);
                        if (!parsed.Success)
                        {
                            errors.Add($"{field}.date: '{d.GetString()}' is not a date in the form yyyy-MM-dd.");
                            continue;
                        }

                        if (holidays.Any(x => x.Date == parsed.Value))
                        {
                            errors.Add($"{field}.date: {d.GetString()} is listed twice.");
                            continue;
                        }

                        string? holidayName = null;
                        if (item.TryGetProperty("name", out var hn))
                        {
                            holidayName = hn.ValueKind == JsonValueKind.String ? hn.GetString()!.Trim() : null;
                            if (hn.ValueKind != JsonValueKind.String || holidayName!.Length > Holiday.NameLength)
                            {
                                errors.Add($"{field}.name: a text of at most {Holiday.NameLength} characters.");
                                continue;
                            }
                        }

                        var open = item.TryGetProperty("open", out var o) ? ParseIntervals(o, $"{field}.open", errors) : [];
                        holidays.Add(new Holiday(parsed.Value, open, string.IsNullOrEmpty(holidayName) ? null : holidayName));
                    }
                }
            }

            var definition = new CalendarDefinition(name, zoneId, week, holidays.OrderBy(x => x.Date).ToList());
            if (errors.Count == 0)
            {
                errors.AddRange(definition.Validate());
            }

            return errors.Count == 0 ? new CalendarParseResult(definition, []) : new CalendarParseResult(null, errors);
        }
    }

    /// <summary>Rules that hold however the calendar was made: overlaps, and that it opens at all.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        for (var i = 0; i < Days.Length; i++)
        {
            var (name, day) = Days[i];
            var open = On(day);
            CheckOverlaps(open, $"week.{name}", errors);

            // An overnight shift must end before the next day's first interval starts.
            var (nextName, nextDay) = Days[(i + 1) % Days.Length];
            var spill = open.Where(x => x.IsOvernight).Select(x => x.End - OpenInterval.MinutesPerDay).DefaultIfEmpty(0).Max();
            var next = On(nextDay);
            if (spill > 0 && next.Count > 0 && next.Min(x => x.Start) < spill)
            {
                errors.Add($"week.{name}: the overnight interval runs until {OpenInterval.Format(spill)} and overlaps week.{nextName} ({next.MinBy(x => x.Start)}).");
            }
        }

        for (var i = 0; i < Holidays.Count; i++)
        {
            CheckOverlaps(Holidays[i].Open, $"holidays[{i}].open", errors);
        }

        if (Days.All(d => On(d.Day).Count == 0))
        {
            errors.Add("week: the calendar is never open; give at least one open interval.");
        }

        return errors;
    }

    public string ToJson()
    {
        var buffer = new MemoryStream();
        // Relaxed escaping: the JSON is shown in a page (which encodes it as HTML) and exported as a file, so "<" or an
        // accented holiday name stays as typed instead of becoming \u003C.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("name", Name);
            writer.WriteString("timeZone", TimeZoneId);
            writer.WriteStartObject("week");
            foreach (var (name, day) in Days)
            {
                writer.WritePropertyName(name);
                WriteIntervals(writer, On(day));
            }

            writer.WriteEndObject();
            writer.WriteStartArray("holidays");
            foreach (var holiday in Holidays)
            {
                writer.WriteStartObject();
                writer.WriteString("date", LocalDatePattern.Iso.Format(holiday.Date));
                if (holiday.Name is not null)
                {
                    writer.WriteString("name", holiday.Name);
                }

                if (!holiday.IsClosedAllDay)
                {
                    writer.WritePropertyName("open");
                    WriteIntervals(writer, holiday.Open);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteIntervals(Utf8JsonWriter writer, IReadOnlyList<OpenInterval> open)
    {
        writer.WriteStartArray();
        foreach (var interval in open)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(OpenInterval.Format(interval.Start));
            writer.WriteStringValue(OpenInterval.Format(interval.End > OpenInterval.MinutesPerDay ? interval.End - OpenInterval.MinutesPerDay : interval.End));
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static List<OpenInterval> ParseIntervals(JsonElement element, string field, List<string> errors)
    {
        var result = new List<OpenInterval>();
        if (element.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{field}: must be a list of [\"HH:mm\", \"HH:mm\"] pairs.");
            return result;
        }

        var index = 0;
        foreach (var pair in element.EnumerateArray())
        {
            var at = $"{field}[{index++}]";
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 ||
                pair[0].ValueKind != JsonValueKind.String || pair[1].ValueKind != JsonValueKind.String)
            {
                errors.Add($"{at}: must be a pair of times, e.g. [\"09:00\", \"17:00\"].");
                continue;
            }

            var start = ParseTime(pair[0].GetString()!, allow24: false);
            var end = ParseTime(pair[1].GetString()!, allow24: true);
            if (start is null)
            {
                errors.Add($"{at}: start '{pair[0].GetString()}' is not a time from 00:00 to 23:59.");
                continue;
            }

            if (end is null)
            {
                errors.Add($"{at}: end '{pair[1].GetString()}' is not a time from 00:00 to 24:00.");
                continue;
            }

            if (end == start)
            {
                errors.Add($"{at}: starts and ends at {pair[0].GetString()}; an interval cannot be empty.");
                continue;
            }

            // An end earlier than the start is an overnight shift that ends the next morning.
            result.Add(new OpenInterval(start.Value, end < start ? end.Value + OpenInterval.MinutesPerDay : end.Value));
        }

        return result.OrderBy(x => x.Start).ToList();
    }

    /// <summary>"HH:mm" (00:00–23:59, or 24:00 where <paramref name="allow24"/>) as minutes from midnight, or null.</summary>
    public static int? ParseTime(string text, bool allow24)
    {
        if (text.Length != 5 || text[2] != ':' ||
            !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours) ||
            !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
        {
            return null;
        }

        if (allow24 && hours == 24 && minutes == 0)
        {
            return OpenInterval.MinutesPerDay;
        }

        return hours < 24 && minutes < 60 ? (hours * 60) + minutes : null;
    }

    private static void CheckOverlaps(IReadOnlyList<OpenInterval> open, string field, List<string> errors)
    {
        var sorted = open.OrderBy(x => x.Start).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Start < sorted[i - 1].End)
            {
                errors.Add($"{field}: {sorted[i - 1]} overlaps {sorted[i]}.");
            }
        }
    }
}

public sealed record CalendarParseResult(CalendarDefinition? Calendar, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Calendar is not null;

    public static CalendarParseResult Failed(string error) => new(null, [error]);
}
