using System.Globalization;
using System.Text;

namespace Helpdesk.Web.Infrastructure;

/// <summary>RFC 4180 CSV: comma-separated, CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled.</summary>
public sealed class Csv
{
    private readonly StringBuilder _text = new();

    public Csv Row(params object?[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                _text.Append(',');
            }

            _text.Append(Field(fields[i]));
        }

        _text.Append("\r\n");
        return this;
    }

    public override string ToString() => _text.ToString();

    /// <summary>A duration in minutes, up to two decimals (empty when there is none).</summary>
    public static string? Minutes(TimeSpan? span) => span?.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture);

    public static string? Percent(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Field(object? value)
    {
        var text = value switch
        {
            null => string.Empty,
            DateTimeOffset instant => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            bool flag => flag ? "true" : "false",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };

        // A leading =, +, - or @ would be a formula to a spreadsheet: text from tickets is prefixed with a quote.
        if (value is string && text.Length > 0 && text[0] is '=' or '+' or '-' or '@')
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
