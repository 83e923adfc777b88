using System.Security.Cryptography;
using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Webhooks;

/// <summary>What a webhook can be told of.</summary>
[Flags]
public enum WebhookEvents
{
    None = 0,
    TicketCreated = 1,
    TicketUpdated = 2,
    TicketSolved = 4,
    SlaWarning = 8,
    SlaBreach = 16,
    DisruptionDeclared = 32,
    DisruptionUpdated = 64,
    DisruptionResolved = 128,
    SatisfactionRated = 256,
}

public static class WebhookEventNames
{
    /// <summary>Every event: its flag, its name in payloads and headers, and what it means in words.</summary>
    public static readonly IReadOnlyList<(WebhookEvents Event, string Name, string Meaning)> All =
    [
        (WebhookEvents.TicketCreated, "ticket.created", "A ticket is opened (email, portal, agent or API)"),
        (WebhookEvents.TicketUpdated, "ticket.updated", "A ticket changes: a message, its status or a field"),
        (WebhookEvents.TicketSolved, "ticket.solved", "A ticket is solved"),
        (WebhookEvents.SlaWarning, "sla.warning", "An SLA clock reaches a warning level"),
        (WebhookEvents.SlaBreach, "sla.breach", "An SLA clock passes its target"),
        (WebhookEvents.DisruptionDeclared, "disruption.declared", "A service disruption is declared"),
        (WebhookEvents.DisruptionUpdated, "disruption.updated", "A disruption gets an update"),
        (WebhookEvents.DisruptionResolved, "disruption.resolved", "A disruption is resolved"),
        (WebhookEvents.SatisfactionRated, "satisfaction.rated", "A customer rates a solved ticket"),
    ];

    public static WebhookEvents Every => All.Aggregate(WebhookEvents.None, (all, e) => all | e.Event);

    public static string Name(WebhookEvents e) => All.First(x => x.Event == e).Name;
}

/// <summary>
/// An HTTPS endpoint an admin registered for some events (decision 021). Each delivery is signed with its secret
/// (HMAC-SHA256 over the timestamp and the body), which the receiver keeps to check that the call came from here.
/// </summary>
public sealed class Webhook
{
    public const int NameLength = 100;
    public const int UrlLength = 500;

    private Webhook()
    {
    }

    public Webhook(string name, string url, WebhookEvents events, DateTimeOffset now)
    {
        Update(name, url, events, isActive: true);
        Secret = NewSecret();
        CreatedAt = now;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public string Url { get; private set; } = string.Empty;

    /// <summary>The signing secret: "whsec_" and 256 random bits; shown to admins, sent never.</summary>
    public string Secret { get; private set; } = string.Empty;

    public WebhookEvents Events { get; private set; }

    public bool IsActive { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public bool Wants(WebhookEvents e) => IsActive && (Events & e) == e;

    public void Update(string name, string url, WebhookEvents events, bool isActive)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new DomainException("A webhook's address must be an https:// address.");
        }

        Name = name.Trim();
        Url = uri.ToString();
        Events = events & WebhookEventNames.Every;
        IsActive = isActive;
    }

    /// <summary>A new secret; deliveries from now on are signed with it (the receiver must be given it).</summary>
    public void RotateSecret() => Secret = NewSecret();

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public enum WebhookDeliveryState
{
    /// <summary>Waiting for its first try or its next one.</summary>
    Pending = 0,

    Delivered = 1,

    /// <summary>Every try failed: dead-lettered, kept for an admin to read and redeliver.</summary>
    Failed = 2,
}

/// <summary>
/// One event for one webhook: written in the transaction of the change it reports (the outbox pattern), POSTed after the
/// commit by the dispatcher, tried again with backoff, dead-lettered after <see cref="MaxAttempts"/>.
/// </summary>
public sealed class WebhookDelivery
{
    public const int MaxAttempts = 8;
    public const int ResponseLength = 2000;
    public const int ErrorLength = 500;

    /// <summary>The waits after the 1st, 2nd, … failed try (a fifth more or less at random, so that retries spread out).</summary>
    public static readonly IReadOnlyList<TimeSpan> Backoff =
    [
        TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(6),
    ];

    private WebhookDelivery()
    {
    }

    public WebhookDelivery(int webhookId, Guid eventId, string eventName, Ticket? ticket, string data, DateTimeOffset at)
    {
        WebhookId = webhookId;
        EventId = eventId;
        Event = eventName;
        Ticket = ticket;
        TicketNumber = ticket is { Number: > 0 } t ? t.Number : null;
        Data = data;
        OccurredAt = at;
        NextAttemptAt = at;
    }

    public long Id { get; private set; }

    public int WebhookId { get; private set; }

    public Webhook Webhook { get; private set; } = null!;

    /// <summary>The event's id, the same in every webhook's delivery of it: what a receiver deduplicates by.</summary>
    public Guid EventId { get; private set; }

    public string Event { get; private set; } = string.Empty;

    /// <summary>The ticket it is about; set by the database for a ticket created in the same transaction.</summary>
    public int? TicketNumber { get; private set; }

    public Ticket? Ticket { get; private set; }

    /// <summary>The event's data as JSON, as it was when the event happened (the ticket's number is added when sent).</summary>
    public string Data { get; private set; } = string.Empty;

    public DateTimeOffset OccurredAt { get; private set; }

    public WebhookDeliveryState State { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>Taken by a dispatcher until then (as the mail outbox's claims): no other node sends it meanwhile.</summary>
    public DateTimeOffset? ClaimedUntil { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    /// <summary>The HTTP status of the last answer; null when there was none (refused, timed out).</summary>
    public int? LastStatus { get; private set; }

    /// <summary>The start of the last answer's body, for the admin page.</summary>
    public string? LastResponse { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public void Claim(DateTimeOffset until) => ClaimedUntil = until;

    public void MarkDelivered(int status, string? response, DateTimeOffset now)
    {
        Attempts++;
        LastAttemptAt = now;
        LastStatus = status;
        LastResponse = Cut(response, ResponseLength);
        LastError = null;
        State = WebhookDeliveryState.Delivered;
        DeliveredAt = now;
        ClaimedUntil = null;
    }

    /// <summary>A failed try: tried again after the backoff, or dead-lettered after the last try.</summary>
    public void MarkFailed(int? status, string? response, string error, DateTimeOffset now, double jitter)
    {
        Attempts++;
        LastAttemptAt = now;
        LastStatus = status;
        LastResponse = Cut(response, ResponseLength);
        LastError = Cut(error, ErrorLength);
        ClaimedUntil = null;
        if (Attempts >= MaxAttempts)
        {
            State = WebhookDeliveryState.Failed;
            return;
        }

        var wait = Backoff[Math.Min(Attempts, Backoff.Count) - 1];
        NextAttemptAt = now + (wait * (0.9 + (0.2 * Math.Clamp(jitter, 0, 1))));
    }

    /// <summary>Sent again by hand (a failed one, or a delivered one a receiver lost): a fresh series of tries from now.</summary>
    public void Redeliver(DateTimeOffset now)
    {
        State = WebhookDeliveryState.Pending;
        Attempts = 0;
        NextAttemptAt = now;
        ClaimedUntil = null;
        DeliveredAt = null;
    }

    private static string? Cut(string? text, int length) => text is null ? null : text.Length <= length ? text : text[..length];
}
