using Helpdesk.Core.Domain;
using Helpdesk.Core.Macros;

namespace Helpdesk.Tests.Unit.Macros;

public sealed class PlaceholdersTests
{
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Values(string name) => new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        ["ticket"] = new Dictionary<string, string> { ["number"] = "42", ["subject"] = "Printer" },
        ["requester"] = new Dictionary<string, string> { ["name"] = name, ["first_name"] = name.Split(' ')[0] },
    };

    [Fact]
    public void KnownPlaceholdersAreFilledIn() =>
        Assert.Equal("Hello Ana, about #42 (Printer).", Placeholders.Render("Hello {{ requester.first_name }}, about #{{ ticket.number }} ({{ ticket.subject }}).", Values("Ana Lima")));

    [Fact]
    public void AnUnknownFieldOrObjectIsAnErrorNamingIt()
    {
        var field = Assert.Throws<DomainException>(() => Placeholders.Render("Hi {{ requester.nickname }}", Values("Ana")));
        Assert.StartsWith("{{ requester.nickname }} is not a placeholder.", field.Message);
        var obj = Assert.Throws<DomainException>(() => Placeholders.Render("Hi {{ customer.name }}", Values("Ana")));
        Assert.Contains("{{ customer", obj.Message);
    }

    [Fact]
    public void ASyntaxErrorIsSaid() =>
        Assert.NotNull(Placeholders.SyntaxError("Hi {{ requester.name "));

    [Fact]
    public void LiquidInAValueIsWrittenAsItIsNeverRun() =>
        Assert.Equal("Hello {{ agent.name }}{% for i in (1..9) %}x{% endfor %}!",
            Placeholders.Render("Hello {{ requester.name }}!", Values("{{ agent.name }}{% for i in (1..9) %}x{% endfor %}")));

    [Fact]
    public void TheSampleHasEveryPlaceholder()
    {
        foreach (var (owner, fields) in Placeholders.All)
        {
            foreach (var (name, _) in fields)
            {
                Assert.Equal("sample", Placeholders.Render($"{{{{ {owner}.{name} }}}}", Placeholders.Sample));
            }
        }
    }
}
