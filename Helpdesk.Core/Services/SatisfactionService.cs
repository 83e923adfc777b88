using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;

namespace Helpdesk.Core.Services;

/// <summary>Whether solved tickets get a survey, and how long its links work.</summary>
public sealed record SatisfactionOptions(bool Enabled, TimeSpan LinkValidity)
{
    public static SatisfactionOptions Default { get; } = new(true, TimeSpan.FromDays(30));
}

public enum SurveyState
{
    /// <summary>Sent, not answered, and its links still work.</summary>
    Open,
    Answered,
    Expired,

    /// <summary>The ticket never had a survey (the link names a ticket we did not survey).</summary>
    NotSent,
}

/// <summary>What the survey page shows of its ticket.</summary>
public sealed record SurveyView(int Number, string Subject, string Email, SurveyState State, SatisfactionRating? Rating, string? Comment, DateTimeOffset? RatedAt);

/// <summary>A survey link could not be used: already answered, expired, or never sent.</summary>
public sealed class SurveyClosedException(SurveyView survey) : DomainException(survey.State switch
{
    SurveyState.Answered => $"Ticket #{survey.Number} has been rated already.",
    SurveyState.Expired => $"The survey of ticket #{survey.Number} has closed.",
    _ => $"Ticket #{survey.Number} has no survey.",
})
{
    public SurveyView Survey { get; } = survey;
}

/// <summary>
/// Customer satisfaction: the customer's single answer through the survey's signed link (the survey itself is queued
/// by <see cref="TicketSaver"/> with the change that first solves a ticket).
/// </summary>
public sealed class SatisfactionService(IHelpdeskStore store, TicketSaver saver, SatisfactionOptions options, TimeProvider time, IWebhookPublisher? webhooks = null)
{
    public async Task<SurveyView?> FindAsync(int number, CancellationToken ct = default) =>
        await store.FindTicketAsync(number, ct) is { } ticket ? View(ticket) : null;

    /// <summary>
    /// Records the answer, once: a second answer is refused with <see cref="SurveyClosedException"/>, and one racing
    /// the first (or an agent's edit) with <see cref="ConcurrencyConflictException"/>: look again in a new unit of work.
    /// </summary>
    public async Task<SurveyView> RateAsync(int number, SatisfactionRating rating, string? comment, CancellationToken ct = default)
    {
        var ticket = await store.FindTicketAsync(number, ct) ?? throw new NotFoundException($"Ticket #{number}");
        var survey = View(ticket);
        if (survey.State != SurveyState.Open)
        {
            throw new SurveyClosedException(survey);
        }

        var seen = ticket.Version;
        var now = time.GetUtcNow();
        ticket.Rate(rating, comment, now);
        store.ExpectVersion(ticket, seen);
        if (webhooks is not null)
        {
            await webhooks.PublishAsync(Webhooks.WebhookEvents.SatisfactionRated, ticket, new { ticket = Webhooks.WebhookTicket.Of(ticket), rating = Webhooks.WebhookTicket.Word(rating.ToString()), comment }, now, ct);
        }

        await saver.SaveAsync(now, "rated by the customer", ct); // a racing answer, or an agent's edit, makes this throw ConcurrencyConflictException
        return View(ticket);
    }

    private SurveyView View(Ticket ticket)
    {
        var state = ticket.SurveySentAt is not { } sent ? SurveyState.NotSent
            : ticket.Satisfaction is not null ? SurveyState.Answered
            : time.GetUtcNow() >= sent + options.LinkValidity ? SurveyState.Expired
            : SurveyState.Open;
        return new SurveyView(ticket.Number, ticket.Subject, ticket.Requester.Email, state, ticket.Satisfaction, ticket.SatisfactionComment, ticket.SatisfactionAt);
    }
}
