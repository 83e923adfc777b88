using System.Globalization;

namespace Helpdesk.Core.Domain;

/// <summary>The languages the helpdesk speaks to customers: English and European Portuguese (decision 020).</summary>
public static class Languages
{
    public const string English = "en";
    public const string Portuguese = "pt-PT";
    public const int TagLength = 10;

    public static readonly IReadOnlyList<(string Tag, string Name)> Supported = [(English, "English"), (Portuguese, "Português (Portugal)")];

    /// <summary>
    /// The supported language a tag or a header names ("pt", "pt-PT", "pt-BR" → pt-PT; "en-GB" → en), taking the first
    /// of a list ("pt-PT,pt;q=0.9,en;q=0.8", which puts the preferred first); null when none is supported. Linear, bounded.
    /// </summary>
    public static string? Normalize(string? tags)
    {
        if (string.IsNullOrWhiteSpace(tags))
        {
            return null;
        }

        foreach (var part in tags.AsSpan(0, Math.Min(tags.Length, 200)).ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Take(10))
        {
            var tag = part.Split(';', 2)[0].Trim().Replace('_', '-');
            var primary = tag.Split('-', 2)[0];
            if (primary.Equals("pt", StringComparison.OrdinalIgnoreCase))
            {
                return Portuguese;
            }

            if (primary.Equals("en", StringComparison.OrdinalIgnoreCase))
            {
                return English;
            }
        }

        return null;
    }

    public static bool IsSupported(string? tag) => tag is English or Portuguese;

    public static CultureInfo Culture(string tag) => CultureInfo.GetCultureInfo(tag == Portuguese ? "pt-PT" : "en-GB");

    /// <summary>A status as staff name it (the app's own words), in a language: "On hold", "Em espera".</summary>
    public static string Status(TicketStatus status, string language) => language != Portuguese ? status.Label() : status switch
    {
        TicketStatus.New => "Novo",
        TicketStatus.Open => "Aberto",
        TicketStatus.Pending => "Pendente",
        TicketStatus.OnHold => "Em espera",
        TicketStatus.Solved => "Resolvido",
        _ => "Fechado",
    };

    /// <summary>A priority in a language: "High", "Alta".</summary>
    public static string Priority(TicketPriority priority, string language) => language != Portuguese ? priority.ToString() : priority switch
    {
        TicketPriority.Urgent => "Urgente",
        TicketPriority.High => "Alta",
        TicketPriority.Normal => "Normal",
        _ => "Baixa",
    };

    /// <summary>An SLA metric in a language: "First response", "Primeira resposta".</summary>
    public static string Metric(Sla.SlaMetric metric, string language) => language != Portuguese ? Sla.SlaMetricExtensions.Label(metric) : metric switch
    {
        Sla.SlaMetric.FirstResponse => "Primeira resposta",
        Sla.SlaMetric.NextResponse => "Resposta seguinte",
        _ => "Resolução",
    };

    /// <summary>A status as the customer reads it, in their language.</summary>
    public static string CustomerStatus(TicketStatus status, string language) => language == Portuguese
        ? status switch
        {
            TicketStatus.Pending => "A aguardar a sua resposta",
            TicketStatus.Solved => "Resolvido",
            TicketStatus.Closed => "Fechado",
            _ => "Aberto",
        }
        : status.CustomerLabel();
}

/// <summary>The helpdesk's own language (<c>Localization:DefaultLanguage</c>), where neither the customer's nor their organization's is known.</summary>
public sealed record DefaultLanguage(string Tag)
{
    public static DefaultLanguage English { get; } = new(Languages.English);

    /// <summary>The language a customer reads: their own, else their organization's, else the helpdesk's.</summary>
    public string For(Customer customer) => customer.Language ?? customer.Organization?.Language ?? Tag;

    public string For(string? own, string? organization) => own ?? organization ?? Tag;
}
