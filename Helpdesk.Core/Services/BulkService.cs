using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Macros;
using Helpdesk.Core.Ports;

namespace Helpdesk.Core.Services;

/// <summary>What a bulk action does to each ticket: fields to set (null: leave), tags to add, a macro to apply.</summary>
public sealed record BulkChange(
    TicketStatus? Status = null,
    TicketPriority? Priority = null,
    bool SetAssignee = false,
    string? AssigneeId = null,
    bool SetGroup = false,
    int? GroupId = null,
    string? AddTags = null,
    int? MacroId = null)
{
    public bool IsEmpty => Status is null && Priority is null && !SetAssignee && !SetGroup && string.IsNullOrWhiteSpace(AddTags) && MacroId is null;
}

/// <summary>What a bulk action did: changed, changed by someone else since they were selected (kept), refused with why.</summary>
public sealed record BulkOutcome(IReadOnlyList<int> Changed, IReadOnlyList<int> ChangedMeanwhile, IReadOnlyList<(int Number, string Reason)> Refused);

/// <summary>
/// One change to many tickets, applied ticket by ticket: each is its own audited update and its own commit, checked
/// against the version the agent selected, so a ticket someone else changed meanwhile is reported and kept as it is.
/// </summary>
public sealed class BulkService(IHelpdeskStore store, TicketSaver saver, MailComposer mail, MacroService macros, TimeProvider time)
{
    /// <summary>At most this many tickets in one action.</summary>
    public const int MaxTickets = 500;

    public async Task<BulkOutcome> ApplyAsync(IReadOnlyList<(int Number, int Version)> selected, BulkChange change, string agentId, CancellationToken ct = default)
    {
        if (change.IsEmpty)
        {
            throw new DomainException("Choose what to change.");
        }

        if (selected.Count is 0 or > MaxTickets)
        {
            throw new DomainException($"Select from 1 to {MaxTickets} tickets.");
        }

        var agent = await store.FindAgentAsync(agentId, ct) ?? throw new NotFoundException("The agent");
        var assignee = change.SetAssignee && change.AssigneeId is { Length: > 0 } id ? await store.FindAgentAsync(id, ct) ?? throw new NotFoundException("The assignee") : null;
        var group = change.SetGroup && change.GroupId is int g ? await store.FindGroupAsync(g, ct) ?? throw new NotFoundException("The group") : null;
        var macro = change.MacroId is int macroId ? await macros.UsableAsync(macroId, agentId, ct) : null;
        store.Forget();

        var changed = new List<int>();
        var meanwhile = new List<int>();
        var refused = new List<(int, string)>();
        foreach (var (number, version) in selected.DistinctBy(s => s.Number))
        {
            try
            {
                switch (await ApplyOneAsync(number, version, change, macro, agentId, assignee?.Id, group?.Id, ct))
                {
                    case null:
                        changed.Add(number);
                        break;
                    case { Length: 0 }:
                        meanwhile.Add(number);
                        break;
                    case var reason:
                        refused.Add((number, reason));
                        break;
                }
            }
            catch (ConcurrencyConflictException)
            {
                meanwhile.Add(number);
            }
            catch (DomainException ex) when (ex is not ConcurrencyConflictException)
            {
                refused.Add((number, ex.Message));
            }
            finally
            {
                store.Forget();
            }
        }

        return new BulkOutcome(changed, meanwhile, refused);
    }

    /// <summary>Null when changed; empty when it changed since it was selected; else why it was refused.</summary>
    private async Task<string?> ApplyOneAsync(int number, int version, BulkChange change, Macro? macro, string agentId, string? assigneeId, int? groupId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var ticket = await store.FindTicketAsync(number, ct);
        if (ticket is null)
        {
            return "it no longer exists";
        }

        if (ticket.Version != version)
        {
            return string.Empty;
        }

        if (ticket.Status == TicketStatus.Closed)
        {
            return "it is closed";
        }

        store.ExpectVersion(ticket, version);
        var agent = (await store.FindAgentAsync(agentId, ct))!;
        var by = Actor.ForAgent(agent);
        var auditBefore = ticket.AuditTrail.Count;

        // A macro first (its message and changes), then the action's own fields, which win.
        var applied = macro is null ? null : macros.Apply(macro, ticket, agent);
        if (applied is { Body.Length: > 0 })
        {
            if (applied.Internal)
            {
                ticket.AddInternalNote(agent, applied.Body, now);
            }
            else
            {
                await mail.QueueReplyAsync(ticket, ticket.AddAgentReply(agent, applied.Body, now), ct);
            }
        }

        if ((change.Priority ?? applied?.Priority) is { } priority)
        {
            ticket.ChangePriority(priority, by, now);
        }

        if (change.SetGroup || applied?.GroupId is not null)
        {
            ticket.ChangeGroup(change.SetGroup
                ? groupId is int g ? await store.FindGroupAsync(g, ct) : null
                : await store.FindGroupAsync(applied!.GroupId!.Value, ct), by, now);
        }

        if (change.SetAssignee || applied?.AssigneeId is not null)
        {
            var who = change.SetAssignee ? assigneeId : applied!.AssigneeId;
            ticket.Assign(who is null ? null : await store.FindAgentAsync(who, ct), by, now);
        }

        var tags = string.Join(' ', new[] { change.AddTags, applied?.AddTags }.Where(t => !string.IsNullOrWhiteSpace(t)));
        if (tags.Length > 0)
        {
            ticket.SetTags([string.Join(' ', ticket.TagNames), tags], by, now);
        }

        if ((change.Status ?? applied?.Status) is { } status && status != ticket.Status)
        {
            ticket.ChangeStatus(status, by, now);
        }

        await saver.SaveAsync(now, TicketService.Cause(ticket, auditBefore, agent) + " (bulk)", ct);
        return null;
    }
}
