using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Helpdesk.Tests.Web.Portal;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web.Localization;

/// <summary>
/// The portal in a Portuguese customer's language. Each page is read twice with the same data, once by a customer who
/// reads English and once by one who reads Portuguese: a piece of text that is the same in both (the data aside) was
/// left in English; and no English key of the resources may show on a Portuguese page.
/// </summary>
public sealed partial class PortalInPortuguese : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private readonly Dictionary<string, int> _tickets = [];

    /// <summary>The Portuguese words, by their English key, from the resource file itself.</summary>
    private static readonly IReadOnlyDictionary<string, string> Resources = XDocument
        .Load(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Helpdesk.Web", "Resources", "SharedResource.pt-PT.resx"))
        .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    public async Task InitializeAsync()
    {
        var agent = await _app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await _app.AddStandardPolicyAsync();
        await using var scope = _app.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
        var directory = scope.ServiceProvider.GetRequiredService<DirectoryService>();
        foreach (var (email, language) in new[] { ("ana@acme.example", "en"), ("joana@cliente.pt", "pt-PT") })
        {
            var t = await tickets.OpenAsync(new NewTicketInput { RequesterEmail = email, RequesterName = "Sam Lee", Subject = "Zz subject", Description = "Zz text", NotifyRequester = false }, agent);
            await tickets.UpdateAsync(t.Number, new TicketUpdateInput { Version = t.Version, Body = "Zz answer", Status = TicketStatus.Pending, Priority = TicketPriority.Normal }, agent);
            var customer = (await scope.ServiceProvider.GetRequiredService<Core.Ports.IHelpdeskStore>().FindCustomerByEmailAsync(new EmailAddress(email)))!;
            customer.SetLanguage(language);
            await scope.ServiceProvider.GetRequiredService<Core.Ports.IHelpdeskStore>().SaveChangesAsync();
            _tickets[email] = t.Number;
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>The words a reader sees on the page (text and the attributes read aloud or shown), data made neutral.</summary>
    private static HashSet<string> Words(string html, string email)
    {
        var body = html[html.IndexOf("<body", StringComparison.Ordinal)..];
        var pieces = TextNode().Matches(body).Select(m => m.Groups[1].Value)
            .Concat(ShownAttribute().Matches(body).Select(m => m.Groups[2].Value))
            .Select(WebUtility.HtmlDecode)
            .Select(t => t!.Replace(email, "<>", StringComparison.Ordinal).Replace("Sam Lee", "<>", StringComparison.Ordinal).Replace("Avery Agent", "<>", StringComparison.Ordinal))
            .Select(t => Digits().Replace(t.Trim(), "0"))
            .Where(t => Word().IsMatch(t) && !t.StartsWith("Zz", StringComparison.Ordinal)); // a piece with words of its own, not only data
        return [.. pieces];
    }

    public static TheoryData<string> Pages => new() { "/portal", "/portal/tickets/{n}", "/portal/tickets/new" };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task ASignedInPortugueseCustomersPageHasNoEnglishLeft(string page)
    {
        var english = await PortalSteps.SignedInAsync(_app, "ana@acme.example");
        var portuguese = await PortalSteps.SignedInAsync(_app, "joana@cliente.pt");
        var en = Words(await english.GetPageAsync(page.Replace("{n}", _tickets["ana@acme.example"].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)), "ana@acme.example");
        var ptHtml = await portuguese.GetPageAsync(page.Replace("{n}", _tickets["joana@cliente.pt"].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var pt = Words(ptHtml, "joana@cliente.pt");

        Assert.Contains("lang=\"pt-PT\"", ptHtml, StringComparison.Ordinal);
        var same = pt.Intersect(en).Where(w => !Resources.Any(r => r.Value == w && r.Key == w)).ToList();
        Assert.True(same.Count == 0, $"{page} says the same in English and Portuguese: {string.Join(" | ", same)}");
        var keys = pt.Where(Resources.ContainsKey).Where(k => Resources[k] != k).ToList();
        Assert.True(keys.Count == 0, $"{page} shows English words the resources translate: {string.Join(" | ", keys)}");
    }

    [Fact]
    public async Task TheSignInPagesFollowTheBrowsersLanguageBeforeSignIn()
    {
        var english = _app.Session();
        var portuguese = _app.Session();
        portuguese.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("pt-PT,pt;q=0.9");
        var en = Words(await english.GetPageAsync("/portal/sign-in"), "-");
        var pt = Words(await portuguese.GetPageAsync("/portal/sign-in"), "-");
        Assert.Contains("Acompanhe os seus pedidos", pt);
        Assert.Empty(pt.Intersect(en));

        // A field error in Portuguese too.
        var refused = await portuguese.PostFormAsync("/portal/sign-in", "/portal/sign-in", [new("Input.Email", "not an address")]);
        Assert.Contains("Indique um endereço de email válido", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePromiseOnATicketIsInPortugueseWordsAndZone()
    {
        var portuguese = await PortalSteps.SignedInAsync(_app, "joana@cliente.pt");
        var page = WebUtility.HtmlDecode(await portuguese.GetPageAsync($"/portal/tickets/{_tickets["joana@cliente.pt"]}"));
        Assert.Contains("o relógio está parado enquanto aguardamos a sua resposta", page, StringComparison.Ordinal);
        Assert.Contains("A aguardar a sua resposta", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyFilesIsSaidInPortuguese()
    {
        var portuguese = await PortalSteps.SignedInAsync(_app, "joana@cliente.pt");
        var form = await portuguese.GetPageAsync("/portal/tickets/new");
        using var content = new MultipartFormDataContent
        {
            { new StringContent("Zz subject"), "Input.Subject" },
            { new StringContent("Zz text"), "Input.Description" },
            { new StringContent(Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value), "__RequestVerificationToken" },
        };
        for (var i = 0; i <= 10; i++)
        {
            var file = new ByteArrayContent("x"u8.ToArray());
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
            content.Add(file, "files", $"f{i}.txt");
        }

        var refused = await portuguese.Client.PostAsync("/portal/tickets/new", content);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Anexe no máximo 10 ficheiros.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [GeneratedRegex(@">([^<>]+)<")]
    private static partial Regex TextNode();

    [GeneratedRegex("(placeholder|aria-label|title|data-confirm)=\"([^\"]*)\"")]
    private static partial Regex ShownAttribute();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"\p{L}{3,}")]
    private static partial Regex Word();
}
