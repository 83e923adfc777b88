using System.Globalization;
using Helpdesk.Core.Sla;
using NodaTime;
using NodaTime.Text;

namespace Helpdesk.Web.Hosting;

/// <summary>
/// <c>sla due|between</c>: checks a calendar file from the command line, for admins and batch checks.
/// Needs no database.
/// </summary>
public static class SlaCommand
{
    public const string Usage = """
          sla due --calendar cal.json --start 2026-03-27T16:30:00Z --minutes 480
                                                    the due instant (UTC) after that many business minutes
          sla due --calendar cal.json --cases file.csv
                                                    one due instant per line of "start,minutes"
          sla between --calendar cal.json --from A --to B
                                                    whole business minutes in [A, B)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is not ("due" or "between"))
        {
            await error.WriteLineAsync("usage:\n" + Usage);
            return 2;
        }

        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                await error.WriteLineAsync($"error: unexpected argument '{args[i]}'.\nusage:\n{Usage}");
                return 2;
            }

            options[args[i][2..]] = args[++i];
        }

        if (!options.TryGetValue("calendar", out var path))
        {
            await error.WriteLineAsync("error: --calendar is required.");
            return 2;
        }

        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"error: calendar file '{path}' not found.");
            return 2;
        }

        var parsed = CalendarDefinition.Parse(await File.ReadAllTextAsync(path));
        if (!parsed.Succeeded)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {path}: {problem}");
            }

            return 1;
        }

        var calendar = new BusinessCalendar(parsed.Calendar!);
        try
        {
            if (args[0] == "between")
            {
                var between = calendar.Between(InstantText.Parse(Require(options, "from")), InstantText.Parse(Require(options, "to")));
                await output.WriteLineAsync(((long)Math.Floor(between.TotalMinutes)).ToString(CultureInfo.InvariantCulture));
                return 0;
            }

            if (options.TryGetValue("cases", out var cases))
            {
                return await DueCasesAsync(calendar, cases, output, error);
            }

            var due = calendar.Due(InstantText.Parse(Require(options, "start")), Duration.FromMinutes(ParseMinutes(Require(options, "minutes"))));
            await output.WriteLineAsync(InstantText.Utc.Format(due));
            return 0;
        }
        catch (FormatException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }
    }

    private static async Task<int> DueCasesAsync(BusinessCalendar calendar, string path, TextWriter output, TextWriter error)
    {
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"error: cases file '{path}' not found.");
            return 2;
        }

        var failures = 0;
        var number = 0;
        using var reader = new StreamReader(path);
        var buffer = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var comma = line.IndexOf(',', StringComparison.Ordinal);
            try
            {
                if (comma < 0)
                {
                    throw new FormatException("expected start,minutes");
                }

                var due = calendar.Due(InstantText.Parse(line[..comma].Trim()), Duration.FromMinutes(ParseMinutes(line[(comma + 1)..].Trim())));
                buffer.Append(InstantText.Utc.Format(due)).Append('\n');
            }
            catch (FormatException ex)
            {
                failures++;
                buffer.Append("error\n");
                await error.WriteLineAsync($"error: line {number}: {ex.Message}");
            }

            if (buffer.Length > 64 * 1024)
            {
                await output.WriteAsync(buffer.ToString());
                buffer.Clear();
            }
        }

        await output.WriteAsync(buffer.ToString());
        return failures == 0 ? 0 : 1;
    }

    private static string Require(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new FormatException($"--{name} is required.");


    private static long ParseMinutes(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes <= 100L * 366 * 24 * 60
            ? minutes
            : throw new FormatException($"'{text}' is not a whole number of minutes.");
}
