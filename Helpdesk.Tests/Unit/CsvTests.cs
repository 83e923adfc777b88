using Helpdesk.Web.Infrastructure;

namespace Helpdesk.Tests.Unit;

public sealed class CsvTests
{
    [Fact]
    public void EveryTextFieldIsQuotedAndTextThatWouldBeAFormulaStartsWithAQuoteMark()
    {
        var csv = new Csv().Header("ticket", "subject", "comment").Row(7, "Printer;=1+1", "=HYPERLINK(\"http://evil.example\")").ToString();
        Assert.Equal("ticket,subject,comment\r\n7,\"Printer;=1+1\",\"'=HYPERLINK(\"\"http://evil.example\"\")\"\r\n", csv);

        // Quoted, "Printer;=1+1" is one cell for a spreadsheet that splits on ";" too: its ";" is inside quotes.
        foreach (var lead in new[] { "=", "+", "-", "@", "\t", "\r" })
        {
            Assert.Equal($"\"'{lead}cmd\"\r\n", new Csv().Row($"{lead}cmd").ToString());
        }

        Assert.Equal("-5,2.5,,true,2026-03-02T09:00:00Z,\"Normal\"\r\n", new Csv().Row(-5, 2.5, null, true, new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(1)), Helpdesk.Core.Domain.TicketPriority.Normal).ToString());
    }
}
