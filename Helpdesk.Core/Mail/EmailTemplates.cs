using System.Collections.Concurrent;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Macros;

namespace Helpdesk.Core.Mail;

/// <summary>The automatic emails whose words admins can change.</summary>
public enum EmailTemplateKind
{
    Acknowledgement = 0,
    Survey = 1,
    DisruptionNotice = 2,
    EscalationAlert = 3,
    PortalLink = 4,
    MonthlyReport = 5,
}

/// <summary>An admin's own words for one automatic email (Liquid); without a row, the default is used.</summary>
public sealed class EmailTemplate
{
    public const int SubjectLength = 500;
    public const int BodyLength = 20_000;

    private EmailTemplate()
    {
    }

    public EmailTemplate(EmailTemplateKind kind, string language, string subject, string body, string by, DateTimeOffset now)
    {
        Kind = kind;
        Language = Languages.IsSupported(language) ? language : throw new DomainException($"\"{language}\" is not a language the helpdesk writes in.");
        Change(subject, body, by, now);
    }

    public EmailTemplateKind Kind { get; private set; }

    /// <summary>The language of these words (en, pt-PT): each email goes in its reader's language.</summary>
    public string Language { get; private set; } = Languages.English;

    public string Subject { get; private set; } = string.Empty;

    public string Body { get; private set; } = string.Empty;

    public string UpdatedBy { get; private set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The last time it failed to render and the default went instead, and why.</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset? LastErrorAt { get; private set; }

    public void Change(string subject, string body, string by, DateTimeOffset now)
    {
        Subject = subject.Trim();
        Body = body.Replace("\r\n", "\n", StringComparison.Ordinal);
        UpdatedBy = by;
        UpdatedAt = now;
        LastError = null;
        LastErrorAt = null;
    }
}

/// <summary>One kind of automatic email: what it is, its placeholders (object → field → meaning), the ones it cannot do without, and its default words.</summary>
public sealed record EmailTemplateDefinition(
    EmailTemplateKind Kind,
    string Label,
    string Purpose,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Fields,
    IReadOnlyList<string> Required,
    string DefaultSubject,
    string DefaultBody,
    IReadOnlyDictionary<string, (string Subject, string Body)>? Translations = null)
{
    /// <summary>The default words in a language; English where there is no translation.</summary>
    public (string Subject, string Body) Default(string language) =>
        Translations is not null && Translations.TryGetValue(language, out var translated) ? translated : (DefaultSubject, DefaultBody);

    /// <summary>The languages its default words exist in.</summary>
    public IReadOnlyList<string> Languages => [Domain.Languages.English, .. Translations?.Keys ?? []];

    /// <summary>Sample values for the preview and the check at save ("sample" where no example is better).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Sample =>
        Fields.ToDictionary(o => o.Key, o => (IReadOnlyDictionary<string, string>)o.Value.ToDictionary(f => f.Key, f => EmailTemplateCatalog.Example(o.Key, f.Key)));
}

/// <summary>The automatic emails, their placeholders and their default words (what the app sent before templates existed).</summary>
public static class EmailTemplateCatalog
{
    private static readonly Dictionary<string, string> TicketFields = new()
    {
        ["number"] = "the ticket's number", ["subject"] = "its subject", ["status"] = "its status in words", ["priority"] = "its priority",
    };

    private static readonly Dictionary<string, string> PersonFields = new()
    {
        ["name"] = "the customer's name (else their address)", ["first_name"] = "the first word of it", ["email"] = "their address",
    };

    private static readonly Dictionary<string, string> TeamFields = new() { ["name"] = "who the mail comes from (Mail:FromName)" };

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Objects(params (string Name, Dictionary<string, string> Fields)[] objects) =>
        objects.ToDictionary(o => o.Name, o => (IReadOnlyDictionary<string, string>)o.Fields);

    public static readonly IReadOnlyList<EmailTemplateDefinition> All =
    [
        new(EmailTemplateKind.Acknowledgement, "Acknowledgement of a new ticket", "to a customer whose email opened a ticket",
            Objects(("ticket", TicketFields), ("requester", PersonFields), ("team", TeamFields),
                ("sla", new() { ["promise"] = "the first reply promised, as a sentence in the customer's zone (empty without a target)" }),
                ("disruption", new() { ["notice"] = "the active disruption the ticket may be caused by (empty without one)" }),
                ("links", new() { ["status"] = "the public status page" })),
            [],
            "{{ ticket.subject }}",
            "Hello {{ requester.name }},\n\n" +
            "we have received your request and opened ticket #{{ ticket.number }}: \"{{ ticket.subject }}\".\n" +
            "An agent will answer you by email. To add anything, reply to this email and keep the ticket number in the subject.\n\n" +
            "{% if sla.promise != \"\" %}{{ sla.promise }}\n\n{% endif %}" +
            "{% if disruption.notice != \"\" %}We are aware of a service disruption that may be the cause: {{ disruption.notice }}\nUpdates: {{ links.status }}\n\n{% endif %}" +
            "-- \n{{ team.name }}\n",
            Pt("{{ ticket.subject }}",
                "Olá {{ requester.name }},\n\n" +
                "recebemos o seu pedido e abrimos o ticket #{{ ticket.number }}: \"{{ ticket.subject }}\".\n" +
                "Um agente vai responder-lhe por email. Para acrescentar alguma coisa, responda a este email e mantenha o número do ticket no assunto.\n\n" +
                "{% if sla.promise != \"\" %}{{ sla.promise }}\n\n{% endif %}" +
                "{% if disruption.notice != \"\" %}Temos conhecimento de uma perturbação do serviço que pode ser a causa: {{ disruption.notice }}\nAtualizações: {{ links.status }}\n\n{% endif %}" +
                "-- \n{{ team.name }}\n")),
        new(EmailTemplateKind.Survey, "Satisfaction survey", "to the requester of a solved ticket",
            Objects(("ticket", TicketFields), ("requester", PersonFields), ("team", TeamFields),
                ("survey", new() { ["good_url"] = "the link that rates it good", ["bad_url"] = "the link that rates it bad", ["valid_days"] = "how many days the links work" })),
            ["survey.good_url", "survey.bad_url"],
            "How did we do? {{ ticket.subject }}",
            "Hello {{ requester.name }},\n\n" +
            "ticket #{{ ticket.number }} \"{{ ticket.subject }}\" has been solved. How would you rate the help you got?\n\n" +
            "Good, I am satisfied:\n{{ survey.good_url }}\n\n" +
            "Bad, I am not satisfied:\n{{ survey.bad_url }}\n\n" +
            "The next page lets you add a comment. You can answer once, within {{ survey.valid_days }} days.\n" +
            "If the problem is not solved, reply to this email instead: the ticket will be reopened.\n\n" +
            "-- \n{{ team.name }}\n",
            Pt("Como correu? {{ ticket.subject }}",
                "Olá {{ requester.name }},\n\n" +
                "o ticket #{{ ticket.number }} \"{{ ticket.subject }}\" foi resolvido. Como avalia a ajuda que recebeu?\n\n" +
                "Boa, estou satisfeito:\n{{ survey.good_url }}\n\n" +
                "Má, não estou satisfeito:\n{{ survey.bad_url }}\n\n" +
                "Na página seguinte pode deixar um comentário. Pode responder uma vez, no prazo de {{ survey.valid_days }} dias.\n" +
                "Se o problema não ficou resolvido, responda antes a este email: o ticket será reaberto.\n\n" +
                "-- \n{{ team.name }}\n")),
        new(EmailTemplateKind.DisruptionNotice, "Service disruption notice", "to the customers a declared disruption affects, at each update",
            Objects(("recipient", PersonFields), ("team", TeamFields),
                ("disruption", new()
                {
                    ["title"] = "the disruption's title", ["status"] = "its status now", ["message"] = "the newest update",
                    ["earlier_updates"] = "earlier updates told in the same email, newest first (empty when none)",
                }),
                ("links", new() { ["status"] = "the public status page", ["opt_out"] = "the link that stops these notices" })),
            ["links.opt_out"],
            "[{{ disruption.status }}] {{ disruption.title }}",
            "Hello {{ recipient.name }},\n\n{{ disruption.message }}\n\n" +
            "Status: {{ disruption.status }}. Current status and all updates: {{ links.status }}\n" +
            "{% if disruption.earlier_updates != \"\" %}\nEarlier updates:\n{{ disruption.earlier_updates }}{% endif %}" +
            "\n-- \n{{ team.name }}\nTo stop these service notices: {{ links.opt_out }}\n",
            Pt("[{{ disruption.status }}] {{ disruption.title }}",
                "Olá {{ recipient.name }},\n\n{{ disruption.message }}\n\n" +
                "Estado: {{ disruption.status }}. Estado atual e todas as atualizações: {{ links.status }}\n" +
                "{% if disruption.earlier_updates != \"\" %}\nAtualizações anteriores:\n{{ disruption.earlier_updates }}{% endif %}" +
                "\n-- \n{{ team.name }}\nPara deixar de receber estes avisos de serviço: {{ links.opt_out }}\n")),
        new(EmailTemplateKind.EscalationAlert, "Escalation alert", "to the supervisors when a ticket nears or breaches its SLA",
            Objects(("ticket", TicketFields), ("team", TeamFields),
                ("alert", new()
                {
                    ["headline"] = "SLA warning (75 %), SLA breached, or SLA still breached (reminder n)", ["metric"] = "first response, next response or resolution",
                    ["state"] = "how much is used or how long overdue, in business time", ["target"] = "the target", ["policy"] = "the SLA policy",
                    ["customer"] = "the customer, with address and organization", ["also_passed"] = "lower levels passed since the last check (empty when none)",
                    ["due"] = "when it is or was due (UTC)", ["assignee"] = "the assignee and group",
                }),
                ("links", new() { ["ticket"] = "the ticket in the app" })),
            [],
            "{{ alert.headline }}: {{ alert.metric }} — {{ ticket.subject }}",
            "Ticket #{{ ticket.number }}: {{ ticket.subject }}\n" +
            "Customer: {{ alert.customer }}\n" +
            "Metric: {{ alert.metric }}, target {{ alert.target }} on {{ alert.policy }}\n" +
            "State: {{ alert.state }}\n" +
            "{% if alert.also_passed != \"\" %}Also passed since the last check: {{ alert.also_passed }}\n{% endif %}" +
            "Due: {{ alert.due }}\n" +
            "Priority: {{ ticket.priority }}; status: {{ ticket.status }}\n" +
            "Assignee: {{ alert.assignee }}\n\n" +
            "Open the ticket: {{ links.ticket }}\n",
            Pt("{{ alert.headline }}: {{ alert.metric }} — {{ ticket.subject }}",
                "Ticket #{{ ticket.number }}: {{ ticket.subject }}\n" +
                "Cliente: {{ alert.customer }}\n" +
                "Métrica: {{ alert.metric }}, objetivo {{ alert.target }} em {{ alert.policy }}\n" +
                "Situação: {{ alert.state }}\n" +
                "{% if alert.also_passed != \"\" %}Também passados desde a última verificação: {{ alert.also_passed }}\n{% endif %}" +
                "Prazo: {{ alert.due }}\n" +
                "Prioridade: {{ ticket.priority }}; estado: {{ ticket.status }}\n" +
                "Responsável: {{ alert.assignee }}\n\n" +
                "Abrir o ticket: {{ links.ticket }}\n")),
        new(EmailTemplateKind.PortalLink, "Portal sign-in link", "to a customer who asked to sign in to the portal",
            Objects(("customer", PersonFields), ("team", TeamFields),
                ("links", new() { ["sign_in"] = "the one-time sign-in link", ["valid_minutes"] = "how many minutes it works" })),
            ["links.sign_in"],
            "Your sign-in link for {{ team.name }}",
            "Hello {{ customer.name }},\n\n" +
            "follow this link to see your requests and their progress:\n\n" +
            "{{ links.sign_in }}\n\n" +
            "It works once, within {{ links.valid_minutes }} minutes. If you did not ask for it, ignore this email: nobody can sign in without it.\n\n" +
            "-- \n{{ team.name }}\n",
            Pt("A sua ligação de acesso a {{ team.name }}",
                "Olá {{ customer.name }},\n\n" +
                "siga esta ligação para ver os seus pedidos e o seu andamento:\n\n" +
                "{{ links.sign_in }}\n\n" +
                "Funciona uma vez, durante {{ links.valid_minutes }} minutos. Se não a pediu, ignore este email: ninguém consegue entrar sem ela.\n\n" +
                "-- \n{{ team.name }}\n")),
        new(EmailTemplateKind.MonthlyReport, "Monthly SLA report", "to an organization's contacts who asked for it, each month",
            Objects(("contact", PersonFields), ("team", TeamFields), ("organization", new() { ["name"] = "the organization" }),
                ("report", new() { ["month"] = "the month, in words", ["zone"] = "the time zone it is counted in", ["figures"] = "the figures, section by section" }),
                ("links", new() { ["report"] = "the same report on the portal" })),
            [],
            "{{ organization.name }}: service report for {{ report.month }}",
            "Hello {{ contact.name }},\n\n" +
            "Here is how we did for {{ organization.name }} in {{ report.month }} ({{ report.zone }}), against the targets we agreed.\n" +
            "{{ report.figures }}" +
            "\nThe same report, and the months before it: {{ links.report }}\n" +
            "You get this email as a contact of {{ organization.name }} who asked for it; to stop it, untick \"Email me this report each month\" on that page.\n\n" +
            "-- \n{{ team.name }}\n",
            Pt("{{ organization.name }}: relatório do serviço de {{ report.month }}",
                "Olá {{ contact.name }},\n\n" +
                "Eis como correu o serviço para {{ organization.name }} em {{ report.month }} ({{ report.zone }}), face aos objetivos acordados.\n" +
                "{{ report.figures }}" +
                "\nO mesmo relatório, e os meses anteriores: {{ links.report }}\n" +
                "Recebe este email como contacto de {{ organization.name }} que o pediu; para deixar de o receber, desmarque \"Enviar-me este relatório todos os meses\" nessa página.\n\n" +
                "-- \n{{ team.name }}\n")),
    ];

    public static EmailTemplateDefinition For(EmailTemplateKind kind) => All.Single(d => d.Kind == kind);

    private static IReadOnlyDictionary<string, (string Subject, string Body)> Pt(string subject, string body) =>
        new Dictionary<string, (string, string)> { [Languages.Portuguese] = (subject, body) };

    /// <summary>What a preview shows for a placeholder: a believable value.</summary>
    public static string Example(string owner, string field) => (owner, field) switch
    {
        ("ticket", "number") => "1234",
        ("ticket", "subject") => "Printer jammed on floor 2",
        ("ticket", "status") => "Open",
        ("ticket", "priority") => "High",
        (_, "name") when owner is "requester" or "customer" or "recipient" or "contact" => "Ana Lima",
        (_, "first_name") => "Ana",
        (_, "email") => "ana@acme.example",
        ("team", "name") => "Acme Support",
        ("organization", "name") => "Acme",
        ("sla", "promise") => "You will hear from us by Tuesday 3 March, 11:00 (Lisbon time).",
        ("disruption", "notice") => "Email delivery is slow",
        ("disruption", "title") => "Email delivery is slow",
        ("disruption", "status") => "Investigating",
        ("disruption", "message") => "We are looking into delays in outgoing email.",
        ("disruption", "earlier_updates") => string.Empty,
        ("survey", "valid_days") => "14",
        ("links", "valid_minutes") => "15",
        ("alert", "headline") => "SLA warning (75 %)",
        ("alert", "metric") => "First response",
        ("alert", "state") => "75 % of the target used, 15 min left (business time)",
        ("alert", "target") => "1 h",
        ("alert", "policy") => "Standard",
        ("alert", "customer") => "Ana Lima <ana@acme.example> (Acme)",
        ("alert", "also_passed") => string.Empty,
        ("alert", "due") => "2026-03-03 11:00 UTC",
        ("alert", "assignee") => "Avery Agent (Support)",
        ("report", "month") => "March 2026",
        ("report", "zone") => "Lisbon time",
        ("report", "figures") => "\nTickets\n-------\n12 opened, 11 solved\n",
        (_, _) when field.EndsWith("url", StringComparison.Ordinal) || owner == "links" => $"https://help.example/{owner}/{field}",
        _ => "sample",
    };

    /// <summary>Why a template cannot be saved for this kind: a syntax error, an unknown placeholder, a required one missing.</summary>
    public static IEnumerable<string> Problems(EmailTemplateKind kind, string? subject, string? body)
    {
        var definition = For(kind);
        var problems = new List<string>();
        foreach (var (what, text) in new[] { ("subject", subject ?? string.Empty), ("text", body ?? string.Empty) })
        {
            try
            {
                Placeholders.Render(text, definition.Sample);
            }
            catch (DomainException ex)
            {
                problems.Add($"The {what}: {ex.Message}");
            }
        }

        foreach (var required in definition.Required.Where(r => !(body ?? string.Empty).Contains(r, StringComparison.Ordinal)))
        {
            problems.Add("The text must contain {{ " + required + " }}: without it the email cannot do its job.");
        }

        return problems;
    }
}

/// <summary>The outcome of rendering: what to send, and, when the admin's template failed, why the default was sent instead.</summary>
public sealed record RenderedEmail(string Subject, string Body, bool Custom, string? Failure);

/// <summary>
/// The templates in use, held in memory (a few rows, refreshed by the template store) so that mail is composed without a
/// database read. Rendering never fails: an admin's template that does not render is replaced by the default for that
/// email, and the failure is reported (<see cref="Failed"/>) for the admin page; the default itself is tested.
/// </summary>
public sealed class EmailTemplates
{
    private volatile IReadOnlyDictionary<(EmailTemplateKind Kind, string Language), (string Subject, string Body)> _custom =
        new Dictionary<(EmailTemplateKind, string), (string, string)>();
    private readonly ConcurrentQueue<(EmailTemplateKind Kind, string Language, string Error)> _failures = new();

    /// <summary>Replaces the templates in use (the store does, at start, after a change and every half minute).</summary>
    public void Use(IReadOnlyDictionary<(EmailTemplateKind Kind, string Language), (string Subject, string Body)> custom) => _custom = custom;

    /// <summary>Failures since the store last collected them.</summary>
    public IReadOnlyList<(EmailTemplateKind Kind, string Language, string Error)> Failed()
    {
        var list = new List<(EmailTemplateKind, string, string)>();
        while (_failures.TryDequeue(out var failure))
        {
            list.Add(failure);
        }

        return list;
    }

    /// <summary>The email in <paramref name="language"/>: the admin's words for it if any, else the default words in that language (else English).</summary>
    public RenderedEmail Render(EmailTemplateKind kind, string language, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> values)
    {
        var (subject, body) = EmailTemplateCatalog.For(kind).Default(language);
        if (_custom.TryGetValue((kind, language), out var custom))
        {
            try
            {
                return new RenderedEmail(OneLine(Placeholders.Render(custom.Subject, values)), Placeholders.Render(custom.Body, values), true, null);
            }
            catch (DomainException ex)
            {
                _failures.Enqueue((kind, language, ex.Message));
                return new RenderedEmail(OneLine(Placeholders.Render(subject, values)), Placeholders.Render(body, values), false, ex.Message);
            }
        }

        return new RenderedEmail(OneLine(Placeholders.Render(subject, values)), Placeholders.Render(body, values), false, null);
    }

    /// <summary>A subject is one line (a header cannot hold a line break).</summary>
    private static string OneLine(string subject)
    {
        var flat = string.Join(' ', subject.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= EmailTemplate.SubjectLength ? flat : flat[..EmailTemplate.SubjectLength];
    }
}
