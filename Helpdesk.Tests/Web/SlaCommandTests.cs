using Helpdesk.Tests.Unit.Sla;
using Helpdesk.Web.Hosting;

namespace Helpdesk.Tests.Web;

public sealed class SlaCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpdesk-sla-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await SlaCommand.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task DuePrintsTheUtcInstantAndBetweenPrintsWholeMinutes()
    {
        var calendar = Write("cal.json", BusinessCalendarTests.Lisbon);

        var due = await RunAsync("due", "--calendar", calendar, "--start", "2026-03-27T16:30:00Z", "--minutes", "480");
        var between = await RunAsync("between", "--calendar", calendar, "--from", "2026-03-27T16:30:00Z", "--to", "2026-03-30T08:30:00Z");

        Assert.Equal((0, "2026-03-30T08:30:00Z\n"), (due.Code, due.Out.Replace("\r", "", StringComparison.Ordinal)));
        Assert.Equal((0, "480\n"), (between.Code, between.Out.Replace("\r", "", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CasesPrintOneDuePerLineAndFlagBadLines()
    {
        var calendar = Write("cal.json", BusinessCalendarTests.Lisbon);
        var cases = Write("cases.csv", "2026-03-27T16:30:00Z,480\n2026-03-27T16:30:00Z,0\nnonsense\n2026-03-30T09:00:00+01:00,60\n");

        var result = await RunAsync("due", "--calendar", calendar, "--cases", cases);

        Assert.Equal(1, result.Code);
        Assert.Equal(["2026-03-30T08:30:00Z", "2026-03-27T16:30:00Z", "error", "2026-03-30T09:00:00Z"], result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("line 3", result.Error);
    }

    [Fact]
    public async Task ABadCalendarIsReportedByField()
    {
        var calendar = Write("bad.json", """{"name":"x","timeZone":"Europe/Lisbn","week":{"monday":[["09:00","17:00"]]}}""");

        var result = await RunAsync("due", "--calendar", calendar, "--start", "2026-03-27T16:30:00Z", "--minutes", "1");

        Assert.Equal(1, result.Code);
        Assert.Contains("timeZone: unknown time zone 'Europe/Lisbn'", result.Error);
    }
}
