using Fluid;
using Fluid.Values;
using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Macros;

/// <summary>
/// Liquid placeholders (<c>{{ ticket.number }}</c>, <c>{{ requester.first_name }}</c>, …) rendered by Fluid. Values
/// go in as data, never as template text, so a customer's name that contains Liquid is written as it is. A placeholder
/// that does not exist is an error (when the macro is saved, and again when it is applied), never a blank in an email.
/// </summary>
public static class Placeholders
{
    /// <summary>Every placeholder, by object, with what it says (the macro form lists them).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<(string Name, string Meaning)>> All = new Dictionary<string, IReadOnlyList<(string, string)>>
    {
        ["ticket"] = [("number", "the ticket's number"), ("subject", "its subject"), ("status", "its status in words"), ("priority", "its priority")],
        ["requester"] = [("name", "the customer's name (else their address)"), ("first_name", "the first word of it"), ("email", "their address")],
        ["organization"] = [("name", "the customer's organization (empty without one)")],
        ["agent"] = [("name", "you, the agent applying it"), ("first_name", "your first name")],
        ["sla"] = [("first_response_due", "when the first reply is due, in the customer's time zone (empty when none is running)"), ("resolution_due", "when resolution is due, likewise")],
    };

    private static readonly FluidParser Parser = new();

    /// <summary>The template's syntax error, or null.</summary>
    public static string? SyntaxError(string body) =>
        Parser.TryParse(body, out _, out var error) ? null : $"The placeholders cannot be read: {error}";

    /// <summary>
    /// Renders <paramref name="body"/> with <paramref name="values"/> (object → field → text). Throws a
    /// <see cref="DomainException"/> naming a placeholder that does not exist, or the syntax error.
    /// </summary>
    public static string Render(string body, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> values)
    {
        if (!Parser.TryParse(body, out var template, out var error))
        {
            throw new DomainException($"The placeholders cannot be read: {error}");
        }

        var unknown = new List<string>();
        var options = new TemplateOptions { MaxSteps = 10_000, MaxRecursion = 10 };
        options.Undefined = name =>
        {
            unknown.Add(name);
            return ValueTask.FromResult<FluidValue>(NilValue.Instance);
        };
        var context = new TemplateContext(options);
        foreach (var (name, fields) in values)
        {
            context.SetValue(name, new DictionaryValue(new Fields(name, fields, unknown)));
        }

        string text;
        try
        {
            text = template.Render(context, NullEncoder.Default);
        }
        catch (InvalidOperationException ex)
        {
            throw new DomainException($"The placeholders cannot be rendered: {ex.Message}");
        }

        if (unknown.Count > 0)
        {
            throw new DomainException(
                $"{string.Join(", ", unknown.Distinct().Select(u => "{{ " + u + " }}"))} {(unknown.Distinct().Count() == 1 ? "is not a placeholder" : "are not placeholders")}. " +
                $"Use one of: {string.Join(", ", values.SelectMany(o => o.Value.Keys.Select(f => $"{o.Key}.{f}")))}.");
        }

        return text;
    }

    /// <summary>The values of a sample ticket, to check a macro when it is saved.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Sample { get; } =
        All.ToDictionary(o => o.Key, o => (IReadOnlyDictionary<string, string>)o.Value.ToDictionary(f => f.Name, f => "sample"));

    /// <summary>One object's fields; asking for another records it as unknown.</summary>
    private sealed class Fields(string owner, IReadOnlyDictionary<string, string> values, List<string> unknown) : IFluidIndexable
    {
        public int Count => values.Count;

        public IEnumerable<string> Keys => values.Keys;

        public IEnumerable<FluidValue> Values => values.Values.Select(v => (FluidValue)new StringValue(v));

        public bool TryGetValue(string name, out FluidValue value)
        {
            if (values.TryGetValue(name, out var text))
            {
                value = new StringValue(text);
                return true;
            }

            unknown.Add($"{owner}.{name}");
            value = NilValue.Instance;
            return false;
        }
    }
}
