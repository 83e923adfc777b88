namespace Helpdesk.Bench;

/// <summary>"--name value" pairs of a bench command.</summary>
public static class BenchOptions
{
    public static Dictionary<string, string> Parse(string[] args) =>
        args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(x => x.a[2..], x => x.i + 1 < args.Length ? args[x.i + 1] : "");
}
