using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Helpdesk.Core.Automations;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Macros;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web.Localization;

/// <summary>
/// The staff pages in the agent's chosen language. Every page is read twice with the same data, by an agent who chose
/// English and one who chose Portuguese (both with every role, so every part shows): a piece of text that is the same in
/// both (the data aside: every name, subject and address here begins with "Zz") was left in English; and no English key
/// of the resources may show on a Portuguese page. The pages a stranger sees follow the browser's language.
/// </summary>
public sealed partial class StaffInPortuguese : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private readonly Dictionary<string, string> _ids = [];

    /// <summary>The Portuguese words, by their English key, from the resource file itself.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Resources = XDocument
        .Load(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Helpdesk.Web", "Resources", "SharedResource.pt-PT.resx"))
        .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    public async Task InitializeAsync()
    {
        var roles = new[] { Roles.Agent, Roles.Supervisor, Roles.Admin };
        var english = await _app.CreateUserAsync("zzeve@zz.example", "Zzeve", roles);
        var portuguese = await _app.CreateUserAsync("zzines@zz.example", "Zzines", roles);
        await using var scope = _app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await using (var db = _app.NewContext())
        {
            (await db.Agents.SingleAsync(a => a.Id == portuguese)).ChooseLanguage(Languages.Portuguese);
            await db.SaveChangesAsync();
        }

        var store = services.GetRequiredService<Core.Ports.ISlaStore>();
        var now = _app.Clock.GetUtcNow();
        var calendar = new Core.Sla.SlaCalendar(Core.Sla.CalendarDefinition.TwentyFourSeven("Zzcalendar", "UTC"), now);
        store.Add(calendar);
        await store.SaveChangesAsync();
        var template = Builders.Build.Policy(0, "Zzpolicy", calendar.Id);
        var policy = new Core.Sla.SlaPolicy("Zzpolicy", calendar.Id, 1);
        policy.Update("Zzpolicy", calendar.Id, true, [], [], [], [], [TicketStatus.Pending, TicketStatus.OnHold], [75, 90],
            template.Targets.Select(t => (t.Metric, t.Priority, t.Minutes)).ToList(), now);
        store.Add(policy);
        await store.SaveChangesAsync();
        var group = await _app.AddGroupAsync("Zzgroup");

        var directory = services.GetRequiredService<DirectoryService>();
        var organization = await directory.CreateOrganizationAsync(new OrganizationInput { Name = "Zzorg", Domains = "zz.example" });
        var tickets = services.GetRequiredService<TicketService>();
        var first = await tickets.OpenAsync(new NewTicketInput { RequesterEmail = "zzana@zz.example", RequesterName = "Zzana", Subject = "Zzsubject", Description = "Zztext", NotifyRequester = false, Tags = "zztag" }, english);
        await tickets.UpdateAsync(first.Number, new TicketUpdateInput { Version = first.Version, Body = "Zzanswer", Status = TicketStatus.Pending, Priority = TicketPriority.High, GroupId = group }, english);
        var second = await tickets.OpenAsync(new NewTicketInput { RequesterEmail = "zzana@zz.example", RequesterName = "Zzana", Subject = "Zzagain", Description = "Zztext", NotifyRequester = false }, english);
        _app.Clock.Advance(TimeSpan.FromDays(1)); // a clock breached, for the breach report and the badges
        var service = await services.GetRequiredService<ServiceCatalog>().CreateAsync(new ServiceInput { Name = "Zzservice", Target = "99.9" });
        var disruption = await services.GetRequiredService<DisruptionService>().DeclareAsync("Zzdown", "Zzmessage", true, [], [], [service.Id], degraded: false);
        var macro = await services.GetRequiredService<MacroService>().CreateAsync(new MacroInput { Name = "Zzmacro", Body = "Zzbody", Shared = true }, english, admin: true);
        var automation = await services.GetRequiredService<AutomationAdmin>().SaveAsync(new AutomationInput { Name = "Zzautomation", Hours = 48, EmailSubject = "Zzreminder", EmailBody = "Zzbody" }, null);
        var customer = await services.GetRequiredService<Core.Ports.IHelpdeskStore>().FindCustomerByEmailAsync(new EmailAddress("zzana@zz.example"));

        // Two contacts of the organization, for its monthly report on the portal: one reads Portuguese, one English.
        await directory.UpdateCustomerAsync(customer!.Id, new CustomerInput { Email = "zzana@zz.example", Name = "Zzana", OrganizationId = organization.Id, Language = Languages.Portuguese });
        await directory.CreateCustomerAsync(new CustomerInput { Email = "zzbob@zz.example", Name = "Zzbob", OrganizationId = organization.Id, Language = Languages.English });

        _ids["{ticket}"] = first.Number.ToString(CultureInfo.InvariantCulture);
        _ids["{other}"] = second.Number.ToString(CultureInfo.InvariantCulture);
        _ids["{customer}"] = customer!.Id.ToString(CultureInfo.InvariantCulture);
        _ids["{organization}"] = organization.Id.ToString(CultureInfo.InvariantCulture);
        _ids["{disruption}"] = disruption.Id.ToString(CultureInfo.InvariantCulture);
        _ids["{macro}"] = macro.Id.ToString(CultureInfo.InvariantCulture);
        _ids["{automation}"] = automation.Id.ToString(CultureInfo.InvariantCulture);
        _ids["{policy}"] = policy.Id.ToString(CultureInfo.InvariantCulture);
        _ids["{calendar}"] = calendar.Id.ToString(CultureInfo.InvariantCulture);
        _ids["{service}"] = service.Id.ToString(CultureInfo.InvariantCulture);
        _ids["{user}"] = english;

        // A webhook with a delivery in each state: waiting, delivered, failed with an answer.
        var webhooks = scope.ServiceProvider.GetRequiredService<Helpdesk.Infrastructure.Webhooks.WebhookAdmin>();
        var hook = await webhooks.CreateAsync(new WebhookInput { Name = "Zzhook", Url = "https://zz.example/hook", Events = ["ticket.created", "sla.breach"] });
        await webhooks.PingAsync(hook.Id);
        await webhooks.PingAsync(hook.Id);
        await webhooks.PingAsync(hook.Id);
        await using (var db = _app.NewContext())
        {
            var deliveries = await db.WebhookDeliveries.OrderBy(d => d.Id).ToListAsync();
            deliveries[1].MarkDelivered(200, "zzok", _app.Clock.GetUtcNow());
            for (var i = 0; i < Helpdesk.Core.Webhooks.WebhookDelivery.MaxAttempts; i++)
            {
                deliveries[2].MarkFailed(503, "zzbusy", "Zz 503", _app.Clock.GetUtcNow(), 0.5);
            }

            await db.SaveChangesAsync();
        }

        _ids["{webhook}"] = hook.Id.ToString(CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string> Pages => new()
    {
        "/tickets?assignee=anyone", "/tickets?assignee=unassigned&sla=breached", "/tickets/{ticket}", "/tickets/new", "/tickets/{other}/merge?into={ticket}",
        "/customers", "/customers/{customer}", "/customers/new", "/customers/{customer}/edit",
        "/organizations", "/organizations/{organization}", "/organizations/new", "/organizations/{organization}/edit",
        "/disruptions", "/disruptions/{disruption}", "/macros", "/macros/new", "/macros/{macro}",
        "/reports", "/reports/breaches", "/reports/monthly?organization={organization}",
        "/admin/users", "/admin/users/new", "/admin/users/{user}", "/admin/policies", "/admin/policies/new", "/admin/policies/{policy}",
        "/admin/calendars", "/admin/calendars/new", "/admin/calendars/{calendar}", "/admin/services", "/admin/services/new", "/admin/services/{service}",
        "/admin/automations", "/admin/automations/new", "/admin/automations/{automation}", "/admin/templates", "/admin/templates/Acknowledgement",
        "/admin/mail", "/admin/jobs", "/admin/webhooks", "/admin/webhooks/new", "/admin/webhooks/{webhook}", "/account/settings", "/error/404",
    };

    private string Url(string page) => _ids.Aggregate(page, (url, id) => url.Replace(id.Key, id.Value, StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task APortugueseAgentsPageHasNoEnglishLeft(string page)
    {
        var english = _app.Session();
        await english.LoginAsync("zzeve@zz.example");
        var portuguese = _app.Session();
        await portuguese.LoginAsync("zzines@zz.example");
        var ptHtml = await ReadAsync(portuguese, Url(page));
        Assert.Contains("lang=\"pt-PT\"", ptHtml, StringComparison.Ordinal);
        AssertNoEnglishLeft(page, Words(await ReadAsync(english, Url(page))), Words(ptHtml));
    }

    public static TheoryData<string> PublicPages => new() { "/login", "/status", "/error/404" };

    [Theory]
    [MemberData(nameof(PublicPages))]
    public async Task APageForStrangersFollowsTheBrowsersLanguage(string page)
    {
        var english = _app.Session();
        var portuguese = _app.Session();
        portuguese.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("pt-PT,pt;q=0.9,en;q=0.5");
        var ptHtml = await ReadAsync(portuguese, page);
        Assert.Contains("lang=\"pt-PT\"", ptHtml, StringComparison.Ordinal);
        AssertNoEnglishLeft(page, Words(await ReadAsync(english, page)), Words(ptHtml));
    }

    [Fact]
    public async Task TheOrganizationsMonthlyReportOnThePortalIsInEachContactsLanguage()
    {
        var english = await Portal.PortalSteps.SignedInAsync(_app, "zzbob@zz.example");
        var portuguese = await Portal.PortalSteps.SignedInAsync(_app, "zzana@zz.example");
        var ptHtml = await ReadAsync(portuguese, "/portal/report");
        Assert.Contains("lang=\"pt-PT\"", ptHtml, StringComparison.Ordinal);
        AssertNoEnglishLeft("/portal/report", Words(await ReadAsync(english, "/portal/report")), Words(ptHtml));
    }

    [Fact]
    public async Task AnAgentChoosesTheirLanguageAndTheNextPageSpeaksIt()
    {
        var agent = _app.Session();
        await agent.LoginAsync("zzeve@zz.example");
        Assert.Contains("lang=\"en\"", await agent.GetPageAsync("/account/settings"), StringComparison.Ordinal);

        var saved = await agent.PostFormAsync("/account/settings", "/account/settings", [new("Language", Languages.Portuguese)]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = WebUtility.HtmlDecode(await agent.GetPageAsync("/account/settings"));
        Assert.Contains("lang=\"pt-PT\"", page, StringComparison.Ordinal);
        Assert.Contains("Definições guardadas.", page, StringComparison.Ordinal);

        // A field error in Portuguese too; and back to English.
        var refused = await agent.PostFormAsync("/account/settings", "/account/settings", [new("Language", "xx")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Escolha uma das línguas da lista.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        // A staff form's field errors in Portuguese, and the scripts' words (presence, the stale-page warning) on the page.
        var form = await agent.PostFormAsync("/tickets/new", "/tickets/new", [new("Input.RequesterEmail", "not an address"), new("Input.Subject", ""), new("Input.Description", "")]);
        var errors = WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync());
        Assert.Contains("Indique um endereço de email válido, como nome@exemplo.pt.", errors, StringComparison.Ordinal);
        Assert.Contains("Indique um assunto.", errors, StringComparison.Ordinal);
        Assert.Contains("Descreva o pedido do cliente.", errors, StringComparison.Ordinal);
        var ticketPage = WebUtility.HtmlDecode(await agent.GetPageAsync($"/tickets/{_ids["{ticket}"]}"));
        Assert.Contains("está a ver este ticket.", ticketPage, StringComparison.Ordinal);
        Assert.Contains("depois de abrir este ticket.", ticketPage, StringComparison.Ordinal);

        await agent.PostFormAsync("/account/settings", "/account/settings", [new("Language", Languages.English)]);
        Assert.Contains("Settings saved.", WebUtility.HtmlDecode(await agent.GetPageAsync("/account/settings")), StringComparison.Ordinal);
    }

    /// <summary>The resource is compiled with keys compared without case: two keys that differ only in case lose one.</summary>
    [Fact]
    public void NoTwoKeysDifferOnlyInCase()
    {
        var clashes = Resources.Keys.GroupBy(k => k.ToUpperInvariant()).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
        Assert.True(clashes.Count == 0, $"keys that differ only in case: {string.Join("; ", clashes)}");
    }

    [Fact]
    public void EveryWordTheCodeAsksForHasAPortugueseTranslation()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Helpdesk.Web"));
        var asked = Directory.EnumerateFiles(root, "*.cs*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Key().Matches(File.ReadAllText(f)).Concat(CountMany().Matches(File.ReadAllText(f))).Select(m => Regex.Unescape(m.Groups[1].Value)))
            .Distinct().ToList();
        // The validators' messages too: the page shows them in the reader's language (LocalizedModelState looks them up).
        var validation = Path.GetFullPath(Path.Combine(root, "..", "Helpdesk.Core", "Validation"));
        asked.AddRange(Directory.EnumerateFiles(validation, "*.cs").SelectMany(f => Message().Matches(File.ReadAllText(f)).Select(m => Regex.Unescape(m.Groups[1].Value))).Distinct());
        Assert.Contains("Tickets", asked);
        Assert.Contains("Enter a subject.", asked);
        var missing = asked.Where(k => !Resources.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} words without Portuguese:\n{string.Join("\n", missing)}");
    }

    /// <summary>A page as its reader gets it: 200, or the status an error page stands for.</summary>
    private static async Task<string> ReadAsync(WebSession session, string url)
    {
        var response = await session.Client.GetAsync(url);
        Assert.Equal(url.StartsWith("/error/404", StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    internal static void AssertNoEnglishLeft(string page, HashSet<string> en, HashSet<string> pt)
    {
        // Words the same in both languages on purpose (a resource whose Portuguese is its English: "SLA", "Email") are not left over.
        var alike = Resources.Where(r => r.Key == r.Value).Select(r => r.Key).OrderByDescending(k => k.Length).ToList();
        var same = pt.Intersect(en).Where(w => Word().IsMatch(alike.Aggregate(w, (rest, k) => rest.Replace(k, " ", StringComparison.Ordinal)))).Order(StringComparer.Ordinal).ToList();
        Assert.True(same.Count == 0, $"{page} says the same in English and Portuguese:\n{string.Join("\n", same)}");
        var keys = pt.Where(Resources.ContainsKey).Where(k => Resources[k] != k).ToList();
        Assert.True(keys.Count == 0, $"{page} shows English words the resources translate:\n{string.Join("\n", keys)}");
    }

    /// <summary>
    /// The words a reader sees on the page (text and the attributes read aloud or shown), data made neutral; what a form
    /// holds (a textarea's text) and code (placeholders, settings' names) are data, not words.
    /// </summary>
    internal static HashSet<string> Words(string html)
    {
        var body = html[html.IndexOf("<body", StringComparison.Ordinal)..];
        body = DataElement().Replace(body, "<x></x>");
        body = Untranslated().Replace(body, "<x></x>");
        var pieces = TextNode().Matches(body).Select(m => m.Groups[1].Value)
            .Concat(ShownAttribute().Matches(body).Select(m => m.Groups[2].Value))
            .Select(WebUtility.HtmlDecode)
            .Select(t => Data().Replace(t!, "<>"))
            .Select(t => Units().Replace(Digits().Replace(t.Trim(), "0"), "0")) // "42 min", "4 h": the units are the same in Portuguese
            .Where(t => Word().IsMatch(t));
        return [.. pieces];
    }

    /// <summary>A key the code asks the resource for: T["…"] or H["…"] in views, T("…") in code.</summary>
    [GeneratedRegex("\\b(?:[TH][\\[(]|Count\\([^,]+,)\\s*\"((?:[^\"\\\\]|\\\\.)+)\"")]
    private static partial Regex Key();

    /// <summary>A validator's fixed message: WithMessage("…") or a const string …Message = "…".</summary>
    [GeneratedRegex("(?:WithMessage\\(|Message = )\"((?:[^\"\\\\]|\\\\.)+)\"")]
    private static partial Regex Message();

    /// <summary>The plural of a Words.Count(n, "one", "many").</summary>
    [GeneratedRegex("Count\\([^,]+,\\s*\"(?:[^\"\\\\]|\\\\.)+\",\\s*\"((?:[^\"\\\\]|\\\\.)+)\"")]
    private static partial Regex CountMany();

    [GeneratedRegex(@"<(textarea|code|pre|script|kbd)\b[^>]*>.*?</\1>", RegexOptions.Singleline)]
    private static partial Regex DataElement();

    /// <summary>What the page marks as not for translating (HTML's translate="no"): text recorded as it was written.</summary>
    [GeneratedRegex(@"<(\w+)\b[^>]*\btranslate=""no""[^>]*>[^<]*</\1>")]
    private static partial Regex Untranslated();

    [GeneratedRegex(@">([^<>]+)<")]
    private static partial Regex TextNode();

    [GeneratedRegex("(placeholder|aria-label|title|data-confirm)=\"([^\"]*)\"")]
    private static partial Regex ShownAttribute();

    [GeneratedRegex(@"(?i)zz[^\s<>""]*")]
    private static partial Regex Data();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"\b0 (min|h)\b")]
    private static partial Regex Units();

    [GeneratedRegex(@"\p{L}{3,}")]
    private static partial Regex Word();
}
