namespace Helpdesk.Core.Domain;

/// <summary>
/// A stand-in for a past ticket that the SLA simulator (decision 021) drives through its recorded history: only the fields
/// the SLA engine reads, set as the history says they were. Never saved: it has no requester, messages or audit trail.
/// </summary>
public sealed partial class Ticket
{
    internal static Ticket ForReplay(int number, TicketPriority priority, TicketChannel channel, int? organizationId, int? categoryId, DateTimeOffset createdAt) => new()
    {
        Number = number,
        Status = TicketStatus.New,
        Priority = priority,
        Channel = channel,
        OrganizationId = organizationId,
        CategoryId = categoryId,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
        LastCustomerMessageAt = createdAt,
        StatusChangedAt = createdAt,
        _clocksBehind = true,
    };

    /// <summary>As <see cref="AddCustomerMessage"/> does to what the engine reads (the status change is replayed from its own record).</summary>
    internal void ReplayCustomerMessage(DateTimeOffset at)
    {
        LastCustomerMessageAt = at;
        if (FirstRespondedAt is not null)
        {
            AwaitingReplySince ??= at;
        }
    }

    /// <summary>As <see cref="AddAgentReply"/> does to what the engine reads.</summary>
    internal void ReplayAgentReply(DateTimeOffset at)
    {
        FirstRespondedAt ??= at;
        LastAgentReplyAt = at;
        AwaitingReplySince = null;
    }

    /// <summary>A duplicate whose customer was still waiting was merged in: this ticket owes them an answer (as <see cref="MergeInto"/>).</summary>
    internal void ReplayMergedInUnanswered(DateTimeOffset at)
    {
        if (FirstRespondedAt is not null)
        {
            AwaitingReplySince ??= at;
        }
    }

    internal void ReplayStatus(TicketStatus status, DateTimeOffset at)
    {
        Status = status;
        StatusChangedAt = at;
        if (status >= TicketStatus.Solved)
        {
            SolvedAt ??= at;
        }
        else
        {
            SolvedAt = null;
        }
    }

    internal void ReplayPriority(TicketPriority priority) => Priority = priority;

    internal void ReplayCategory(int? categoryId) => CategoryId = categoryId;

    internal void ReplayDisruption(int? disruptionId, bool ongoing)
    {
        DisruptionId = disruptionId;
        DisruptionOngoing = ongoing;
    }

    internal void ReplayMergedInto(int survivor)
    {
        MergedInto = survivor;
        AwaitingReplySince = null;
    }
}
