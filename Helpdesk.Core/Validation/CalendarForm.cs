using System.Globalization;
using System.Text;
using System.Text.Json;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Sla;
using NodaTime;
using NodaTime.Text;

namespace Helpdesk.Core.Validation;

/// <summary>
/// The calendar form and the calendar JSON, each made from the other: the form's fields become the JSON that
/// <see cref="CalendarDefinition.Parse"/> checks (so a rule holds however a calendar was written), and a stored calendar
/// fills the form. Every step reads a bounded text once, without regular expressions.
/// </summary>
public static class CalendarForm
{
    /// <summary>Blank holiday rows the form offers for adding.</summary>
    public const int BlankHolidayRows = 3;

    /// <summary>At most this many holidays (rows and imported lines together).</summary>
    public const int MaxHolidays = 1_000;

    public const int OpenHoursLength = 200;

    public static readonly string[] DayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static readonly string[] JsonDays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>The form's fields for a calendar: open hours written as people write them, holidays as rows.</summary>
    public static void Fill(CalendarInput input, CalendarDefinition calendar)
    {
        input.Name = calendar.Name;
        input.TimeZone = calendar.TimeZoneId;
        input.Week = [.. Enumerable.Range(0, 7).Select(i => Write(calendar.On((IsoDayOfWeek)(i + 1))))];
        input.Holidays =
        [
            .. calendar.Holidays.Select(h => new HolidayInput { Date = LocalDatePattern.Iso.Format(h.Date), Name = h.Name, Open = Write(h.Open) }),
            .. Enumerable.Range(0, BlankHolidayRows).Select(_ => new HolidayInput()),
        ];
    }

    /// <summary>Open intervals as the form shows them: "09:00–12:00, 13:00–17:00"; empty for closed.</summary>
    public static string Write(IReadOnlyList<OpenInterval> open) => string.Join(", ", open.Select(o => o.ToString()));

    /// <summary>The JSON the form's fields describe, and what in them could not be read (field key, message).</summary>
    public static (string Json, List<(string Field, string Message)> Errors) Build(CalendarInput input)
    {
        var errors = new List<(string, string)>();
        var week = new List<(int Start, int End)>[7];
        for (var i = 0; i < 7; i++)
        {
            var text = i < input.Week.Count ? input.Week[i] : null;
            week[i] = ReadHours(text, DayNames[i], $"{nameof(CalendarInput.Week)}[{i}]", errors);
        }

        var holidays = new List<(LocalDate Date, string? Name, List<(int Start, int End)> Open)>();
        for (var i = 0; i < input.Holidays.Count; i++)
        {
            var row = input.Holidays[i];
            if (string.IsNullOrWhiteSpace(row.Date))
            {
                continue;
            }

            var key = $"{nameof(CalendarInput.Holidays)}[{i}]";
            var date = LocalDatePattern.Iso.Parse(row.Date.Trim());
            if (!date.Success)
            {
                errors.Add(($"{key}.{nameof(HolidayInput.Date)}", $"'{Cut(row.Date)}' is not a date (yyyy-MM-dd)."));
                continue;
            }

            var name = string.IsNullOrWhiteSpace(row.Name) ? null : row.Name.Trim();
            if (name?.Length > Holiday.NameLength)
            {
                errors.Add(($"{key}.{nameof(HolidayInput.Name)}", $"A holiday's name has at most {Holiday.NameLength} characters."));
                continue;
            }

            if (holidays.Any(h => h.Date == date.Value))
            {
                errors.Add(($"{key}.{nameof(HolidayInput.Date)}", $"{LocalDatePattern.Iso.Format(date.Value)} is listed twice."));
                continue;
            }

            holidays.Add((date.Value, name, ReadHours(row.Open, LocalDatePattern.Iso.Format(date.Value), $"{key}.{nameof(HolidayInput.Open)}", errors)));
        }

        foreach (var (date, name) in ReadImport(input.Import, errors))
        {
            // A day already listed keeps its row: importing a list twice, or over edited rows, adds only what is new.
            if (holidays.All(h => h.Date != date))
            {
                holidays.Add((date, name, []));
            }
        }

        if (holidays.Count > MaxHolidays)
        {
            errors.Add((nameof(CalendarInput.Import), $"At most {MaxHolidays:N0} holidays ({holidays.Count:N0} given)."));
        }

        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("name", input.Name?.Trim() ?? string.Empty);
            writer.WriteString("timeZone", input.TimeZone?.Trim() ?? string.Empty);
            writer.WriteStartObject("week");
            for (var i = 0; i < 7; i++)
            {
                writer.WritePropertyName(JsonDays[i]);
                WriteIntervals(writer, week[i]);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("holidays");
            foreach (var (date, name, open) in holidays.OrderBy(h => h.Date))
            {
                writer.WriteStartObject();
                writer.WriteString("date", LocalDatePattern.Iso.Format(date));
                if (name is not null)
                {
                    writer.WriteString("name", name);
                }

                if (open.Count > 0)
                {
                    writer.WritePropertyName("open");
                    WriteIntervals(writer, open);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return (Encoding.UTF8.GetString(buffer.ToArray()), errors);
    }

    /// <summary>A rule's message about the JSON, in the form's words ("week.monday" → "Monday").</summary>
    public static string Explain(string error)
    {
        for (var i = 0; i < 7; i++)
        {
            error = error.Replace($"week.{JsonDays[i]}", DayNames[i], StringComparison.Ordinal);
        }

        return error.Replace("timeZone:", "Time zone:", StringComparison.Ordinal).Replace("name:", "Name:", StringComparison.Ordinal);
    }

    private static void WriteIntervals(Utf8JsonWriter writer, List<(int Start, int End)> open)
    {
        writer.WriteStartArray();
        foreach (var (start, end) in open)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(OpenInterval.Format(start));
            writer.WriteStringValue(OpenInterval.Format(end));
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// "09:00–12:00, 13:00–17:00" (commas, semicolons or new lines between intervals; a hyphen, en dash or "to" inside
    /// one; "9:00" for "09:00"): the intervals as minutes, the end as written (an end before the start runs past
    /// midnight, which the definition's rules then check).
    /// </summary>
    private static List<(int Start, int End)> ReadHours(string? text, string label, string field, List<(string, string)> errors)
    {
        var result = new List<(int, int)>();
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("closed", StringComparison.OrdinalIgnoreCase))
        {
            return result;
        }

        if (text.Length > OpenHoursLength)
        {
            errors.Add((field, $"{label}: at most {OpenHoursLength} characters of open hours."));
            return result;
        }

        foreach (var part in text.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var normalized = part.Replace(" to ", "-", StringComparison.OrdinalIgnoreCase).Replace('–', '-').Replace('—', '-');
            var dash = normalized.IndexOf('-', StringComparison.Ordinal);
            var start = dash < 0 ? null : CalendarDefinition.ParseTime(Pad(normalized[..dash].Trim()), allow24: false);
            var end = dash < 0 ? null : CalendarDefinition.ParseTime(Pad(normalized[(dash + 1)..].Trim()), allow24: true);
            if (start is null || end is null)
            {
                errors.Add((field, $"{label}: '{Cut(part)}' is not an interval like 09:00–17:00."));
                continue;
            }

            result.Add((start.Value, end.Value));
        }

        return result;
    }

    private static string Pad(string time) => time.Length == 4 && time[1] == ':' ? "0" + time : time;

    /// <summary>
    /// A pasted holiday list: one date per line ("2027-01-01 New Year's Day", "2027-01-01,New Year's Day"; blank lines and
    /// lines starting with # are skipped), or iCalendar text (each VEVENT's all-day DTSTART and its SUMMARY).
    /// </summary>
    private static List<(LocalDate Date, string? Name)> ReadImport(string? text, List<(string, string)> errors)
    {
        var result = new List<(LocalDate, string?)>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        if (text.Length > Limits.CalendarJsonLength)
        {
            errors.Add((nameof(CalendarInput.Import), $"At most {Limits.CalendarJsonLength:N0} characters can be imported at once."));
            return result;
        }

        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        // iCalendar text starts so (RFC 5545); anything else is read as a list, every line of it.
        if (lines.FirstOrDefault(l => l.Trim().Length > 0)?.Trim().Equals("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase) == true)
        {
            return ReadICalendar(lines, errors);
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var date = line.Length >= 10 ? LocalDatePattern.Iso.Parse(line[..10]) : null;
            if (date is not { Success: true } || (line.Length > 10 && !(char.IsWhiteSpace(line[10]) || line[10] is ',' or ';')))
            {
                errors.Add((nameof(CalendarInput.Import), $"Line {i + 1}: '{Cut(line)}' does not start with a date (yyyy-MM-dd)."));
                continue;
            }

            var name = line.Length > 11 ? line[11..].Trim().Trim('"') : null;
            result.Add((date.Value, string.IsNullOrEmpty(name) ? null : Limit(name, Holiday.NameLength)));
        }

        return result;
    }

    private static List<(LocalDate Date, string? Name)> ReadICalendar(List<string> lines, List<(string, string)> errors)
    {
        var result = new List<(LocalDate, string?)>();
        LocalDate? start = null;
        string? summary = null;
        var inEvent = false;
        var basic = LocalDatePattern.CreateWithInvariantCulture("yyyyMMdd");
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Equals("BEGIN:VEVENT", StringComparison.OrdinalIgnoreCase))
            {
                (inEvent, start, summary) = (true, null, null);
            }
            else if (line.Equals("END:VEVENT", StringComparison.OrdinalIgnoreCase))
            {
                if (start is LocalDate date)
                {
                    result.Add((date, summary));
                }
                else
                {
                    errors.Add((nameof(CalendarInput.Import), $"An event{(summary is null ? "" : $" ({summary})")} has no all-day date (DTSTART;VALUE=DATE:yyyyMMdd)."));
                }

                inEvent = false;
            }
            else if (inEvent && line.StartsWith("DTSTART", StringComparison.OrdinalIgnoreCase) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
            {
                var value = line[(colon + 1)..];
                var parsed = basic.Parse(value.Length >= 8 ? value[..8] : value);
                start = parsed.Success ? parsed.Value : null;
            }
            else if (inEvent && line.StartsWith("SUMMARY", StringComparison.OrdinalIgnoreCase) && line.IndexOf(':', StringComparison.Ordinal) is var at and > 0)
            {
                var text = line[(at + 1)..].Replace("\\,", ",", StringComparison.Ordinal).Replace("\\;", ";", StringComparison.Ordinal).Trim();
                summary = text.Length == 0 ? null : Limit(text, Holiday.NameLength);
            }
        }

        return result;
    }

    private static string Limit(string text, int length) => text.Length <= length ? text : text[..length];

    private static string Cut(string text, int length = 40) => text.Length <= length ? text : text[..length] + "…";
}
