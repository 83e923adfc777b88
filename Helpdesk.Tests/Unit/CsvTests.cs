using System.Text;
using Helpdesk.Web.Exports;

namespace Helpdesk.Tests.Unit;

public sealed class CsvTests
{
    private sealed record Row(long? Number, string? Text, double? Value, bool Flag, DateTimeOffset At);

    private static readonly CsvTable<Row> Table = new(
        CsvColumn<Row>.Number("ticket", r => r.Number),
        CsvColumn<Row>.Text("subject", r => r.Text),
        CsvColumn<Row>.Decimal("value", r => r.Value),
        CsvColumn<Row>.Flag("open", r => r.Flag),
        CsvColumn<Row>.Instant("at", r => r.At));

    private static readonly DateTimeOffset At = new(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(1));

    private static async Task<string> WriteAsync(params Row[] rows)
    {
        using var stream = new MemoryStream();
        await Table.WriteAsync(stream, rows.ToAsyncEnumerable(), CancellationToken.None);
        var bytes = stream.ToArray();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]); // spreadsheets read it as UTF-8
        return Encoding.UTF8.GetString(bytes[3..]);
    }

    [Fact]
    public async Task TheHeaderIsPlainTextIsQuotedAndNumbersInstantsAndFlagsAreNot()
    {
        Assert.Equal(
            "ticket,subject,value,open,at\r\n7,\"Printer;jammed\",2.5,true,2026-03-02T09:00:00Z\r\n-5,,,false,2026-03-02T09:00:00Z\r\n",
            await WriteAsync(new Row(7, "Printer;jammed", 2.4999, true, At), new Row(-5, null, null, false, At)));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\")", "\"'=HYPERLINK(\"\"http://evil.example\"\")\"")]
    [InlineData("+cmd", "\"'+cmd\"")]
    [InlineData("-cmd", "\"'-cmd\"")]
    [InlineData("@cmd", "\"'@cmd\"")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("Printer;=1+1", "\"Printer;=1+1\"")]
    public async Task TextThatASpreadsheetWouldRunAsAFormulaStartsWithAQuoteMark(string text, string written)
    {
        Assert.Equal($"ticket,subject,value,open,at\r\n1,{written},,false,2026-03-02T09:00:00Z\r\n", await WriteAsync(new Row(1, text, null, false, At)));
    }

    [Fact]
    public async Task RowsAreWrittenAsTheyComeNotCollectedFirst()
    {
        using var stream = new MemoryStream();
        var table = new CsvTable<int>(CsvColumn<int>.Number("n", n => n));
        await table.WriteAsync(stream, Numbers(stream), CancellationToken.None);
        Assert.EndsWith("199999\r\n", Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);

        // The stream has grown while the rows were still being produced: the writer flushes as its buffer fills.
        static async IAsyncEnumerable<int> Numbers(MemoryStream written)
        {
            for (var n = 0; n < 200_000; n++)
            {
                if (n == 150_000)
                {
                    Assert.True(written.Length > 500_000, $"only {written.Length} bytes written after 150,000 rows");
                }

                await Task.Yield();
                yield return n;
            }
        }
    }
}
