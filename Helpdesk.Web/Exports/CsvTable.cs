using CsvHelper;

namespace Helpdesk.Web.Exports;

/// <summary>One column of a CSV export: its name, never quoted, and how a row writes its field.</summary>
public sealed record CsvColumn<T>(string Name, Action<CsvWriter, T> Write)
{
    /// <summary>Text, quoted (so a spreadsheet that splits on ";" keeps it whole), and escaped when it could be a formula.</summary>
    public static CsvColumn<T> Text(string name, Func<T, string?> value) => new(name, (csv, row) => csv.WriteField(value(row)));

    public static CsvColumn<T> Number(string name, Func<T, long?> value) => new(name, (csv, row) => csv.WriteField(value(row), default));

    /// <summary>A decimal number rounded to two places, empty when there is none.</summary>
    public static CsvColumn<T> Decimal(string name, Func<T, double?> value, int decimals = 2) =>
        new(name, (csv, row) => csv.WriteField(value(row) is { } v ? Math.Round(v, decimals, MidpointRounding.AwayFromZero) : (double?)null, default));

    /// <summary>A duration in minutes, up to two decimals.</summary>
    public static CsvColumn<T> Minutes(string name, Func<T, TimeSpan?> value) => Decimal(name, row => value(row)?.TotalMinutes);

    /// <summary>An instant in UTC, to the second (ISO 8601).</summary>
    public static CsvColumn<T> Instant(string name, Func<T, DateTimeOffset> value) =>
        new(name, (csv, row) => csv.WriteField(value(row).UtcDateTime, "yyyy-MM-ddTHH:mm:ssZ"));

    public static CsvColumn<T> Flag(string name, Func<T, bool> value) => new(name, (csv, row) => csv.WriteField(value(row)));
}

/// <summary>A report table as CSV: its columns, in order.</summary>
public sealed class CsvTable<T>(params CsvColumn<T>[] columns)
{
    /// <summary>
    /// RFC 4180 with a byte order mark (so spreadsheets read UTF-8), "true"/"false", numbers in the invariant culture; text
    /// always quoted and, when it starts like a formula (=, +, -, @, tab, CR: text from tickets is what strangers wrote),
    /// prefixed with a quote mark.
    /// </summary>
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        WriteByteOrderMark = true,
        TrueValue = "true",
        FalseValue = "false",
        Injection = CsvInjection.Escape,
        ShouldQuote = (field, fieldType, fieldIndex, recordIndex) => recordIndex > 0 && fieldType == typeof(string) && field.Length > 0,
    };

    /// <summary>Writes the header and every row to <paramref name="destination"/> as they come, flushing as the buffer fills.</summary>
    public async Task WriteAsync(Stream destination, IAsyncEnumerable<T> rows, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        csv.WriteHeader([.. columns.Select(c => c.Name)]);
        await foreach (var row in rows.WithCancellation(ct))
        {
            foreach (var column in columns)
            {
                column.Write(csv, row);
            }

            await csv.EndRecordAsync(ct);
        }

        await csv.FlushAsync(ct);
    }
}
