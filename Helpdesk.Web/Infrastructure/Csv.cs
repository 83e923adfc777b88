using System.Globalization;
using System.Text;

namespace Helpdesk.Web.Infrastructure;

/// <summary>
/// RFC 4180 CSV: comma-separated, CRLF line ends, quotes doubled. Every text field is quoted, so that a spreadsheet
/// that splits on another separator (";" in much of Europe) keeps it whole; text that a spreadsheet would take for a
/// formula (a leading =, +, -, @, tab or carriage return) starts with a quote mark instead.
/// </summary>
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
    public static double? Minutes(TimeSpan? span) => span is { } s ? Math.Round(s.TotalMinutes, 2, MidpointRounding.AwayFromZero) : null;

    /// <summary>A percentage, up to two decimals.</summary>
    public static double? Percent(double? value) => value is { } v ? Math.Round(v, 2, MidpointRounding.AwayFromZero) : null;

    /// <summary>The first row: column names, ours, never quoted.</summary>
    public Csv Header(params string[] names)
    {
        _text.Append(string.Join(',', names)).Append("\r\n");
        return this;
    }

    private static string Field(object? value)
    {
        switch (value)
        {
            case null:
                return string.Empty;
            case DateTimeOffset instant:
                return instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            case bool flag:
                return flag ? "true" : "false";
            case int or long or double or decimal:
                return ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture);
        }

        var text = value.ToString() ?? string.Empty;

        // Text, some of it from tickets and surveys: what a stranger wrote. A leading =, +, -, @, tab or CR would start a formula.
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}
