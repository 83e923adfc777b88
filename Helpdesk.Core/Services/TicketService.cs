using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;

namespace Helpdesk.Core.Services;

/// <summary>The agent's use cases on tickets. Inputs are validated by the caller; rules live in <see cref="Ticket"/>.</summary>
public sealed class TicketService(
    IHelpdeskStore store, DirectoryService directory, TicketSaver saver, MailComposer mail, IDisruptionStore disruptions, TimeProvider time, TicketWorkflowOptions? workflow = null)
{
    public async Task<Ticket> OpenAsync(NewTicketInput input, string agentId, IReadOnlyCollection<AttachmentFile>? attachments = null, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var agent = await RequireAgentAsync(agentId, ct);
        var by = Actor.ForAgent(agent);
        var requester = await directory.FindOrAddCustomerAsync(new EmailAddress(input.RequesterEmail), input.RequesterName, ct);

        var ticket = Ticket.Open(input.Subject, requester, input.Description, input.Channel, input.Priority, by, now, attachments);
        if (input.GroupId is int groupId)
        {
            ticket.ChangeGroup(await store.FindGroupAsync(groupId, ct) ?? throw new NotFoundException("The group"), by, now);
        }

        if (input.CategoryId is int categoryId)
        {
            ticket.ChangeCategory(await store.FindCategoryAsync(categoryId, ct) ?? throw new NotFoundException("The category"), by, now);
        }

        if (!string.IsNullOrEmpty(input.AssigneeId))
        {
            ticket.Assign(await RequireAgentAsync(input.AssigneeId, ct), by, now);
        }

        if (!string.IsNullOrWhiteSpace(input.Tags))
        {
            ticket.SetTags([input.Tags], by, now);
        }

        await disruptions.LinkIfTouchedAsync(ticket, now, ct);
        store.Add(ticket);
        await saver.SaveAsync(now, $"ticket created by {agent.DisplayName}", ct); // the number, and the clocks the promise reads
        if (input.NotifyRequester)
        {
            mail.QueueOpenedForCustomer(ticket, agent);
            await store.SaveChangesAsync(ct);
        }

        return ticket;
    }

    /// <summary>
    /// Applies one submission of the ticket page as one unit: the reply or note and every field change
    /// commit together or not at all, and only if nobody changed the ticket since the agent loaded it.
    /// </summary>
    public async Task<Ticket> UpdateAsync(int number, TicketUpdateInput input, string agentId, IReadOnlyCollection<AttachmentFile>? attachments = null, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var agent = await RequireAgentAsync(agentId, ct);
        var by = Actor.ForAgent(agent);
        var ticket = await store.FindTicketAsync(number, ct) ?? throw new NotFoundException($"Ticket #{number}");
        ticket.EnsureVersion(input.Version);
        store.ExpectVersion(ticket, input.Version);

        var auditBefore = ticket.AuditTrail.Count;
        var hasMessage = !string.IsNullOrWhiteSpace(input.Body) || attachments is { Count: > 0 };
        if (hasMessage)
        {
            if (input.Visibility == MessageVisibility.Internal)
            {
                ticket.AddInternalNote(agent, input.Body ?? string.Empty, now, attachments);
            }
            else
            {
                // The customer gets the reply by email, queued in this same unit of work.
                await mail.QueueReplyAsync(ticket, ticket.AddAgentReply(agent, input.Body ?? string.Empty, now, attachments), ct);
            }
        }

        ticket.ChangePriority(input.Priority, by, now);
        ticket.ChangeGroup(input.GroupId is int g ? await store.FindGroupAsync(g, ct) ?? throw new NotFoundException("The group") : null, by, now);
        ticket.ChangeCategory(input.CategoryId is int c ? await store.FindCategoryAsync(c, ct) ?? throw new NotFoundException("The category") : null, by, now);
        // An unassigned ticket an agent answers in public becomes theirs (Tickets:AssignOnReply, on by default).
        var assignee = string.IsNullOrEmpty(input.AssigneeId) ? null : await RequireAgentAsync(input.AssigneeId, ct);
        if (assignee is null && ticket.AssigneeId is null && hasMessage && input.Visibility == MessageVisibility.Public
            && (workflow ?? TicketWorkflowOptions.Default).AssignOnReply)
        {
            assignee = agent;
        }

        ticket.Assign(assignee, by, now);
        ticket.SetTags([input.Tags ?? string.Empty], by, now);

        // A reply moves New to Open by itself; only an explicit different choice changes the status again.
        if (input.Status != ticket.Status && !(input.Status == TicketStatus.New && ticket.Status == TicketStatus.Open && hasMessage))
        {
            ticket.ChangeStatus(input.Status, by, now);
        }

        await saver.SaveAsync(now, Cause(ticket, auditBefore, agent), ct);
        return ticket;
    }

    /// <summary>
    /// "Assign to me": the agent takes the ticket as they saw it (<paramref name="version"/>); someone else's change
    /// since is a <see cref="ConcurrencyConflictException"/>, never overwritten.
    /// </summary>
    public async Task<Ticket> TakeAsync(int number, int version, string agentId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var agent = await RequireAgentAsync(agentId, ct);
        var ticket = await store.FindTicketAsync(number, ct) ?? throw new NotFoundException($"Ticket #{number}");
        ticket.EnsureVersion(version);
        store.ExpectVersion(ticket, version);
        if (ticket.Status == TicketStatus.Closed)
        {
            throw new DomainException($"Ticket #{number} is closed.");
        }

        var auditBefore = ticket.AuditTrail.Count;
        ticket.Assign(agent, Actor.ForAgent(agent), now);
        await saver.SaveAsync(now, Cause(ticket, auditBefore, agent), ct);
        return ticket;
    }

    /// <summary>Where the agent goes after sending, as they chose last.</summary>
    public async Task<AfterSend> AfterSendAsync(string agentId, CancellationToken ct = default) =>
        (await store.FindAgentAsync(agentId, ct))?.AfterSend ?? AfterSend.StayOnTicket;

    /// <summary>Keeps the agent's choice of where to go after sending (the ticket page's "then" choice).</summary>
    public async Task ChooseAfterSendAsync(string agentId, AfterSend choice, CancellationToken ct = default)
    {
        var agent = await RequireAgentAsync(agentId, ct);
        if (agent.AfterSend != choice)
        {
            agent.ChooseAfterSend(choice);
            await store.SaveChangesAsync(ct);
        }
    }

    /// <summary>Keeps the language the agent reads the app in (null: the helpdesk's default).</summary>
    public async Task ChooseLanguageAsync(string agentId, string? language, CancellationToken ct = default)
    {
        var agent = await RequireAgentAsync(agentId, ct);
        agent.ChooseLanguage(language);
        await store.SaveChangesAsync(ct);
    }

    /// <summary>What this submission changed, in words, for the clock timeline.</summary>
    internal static string Cause(Ticket ticket, int auditBefore, Agent agent)
    {
        var changes = ticket.AuditTrail.Skip(auditBefore)
            .Select(a => a.Field switch
            {
                "Reply" => "public reply",
                "Note" => "internal note",
                _ => $"{a.Field.ToLowerInvariant()} → {a.NewValue ?? "none"}",
            })
            .ToList();
        return changes.Count == 0 ? $"update by {agent.DisplayName}" : $"{string.Join(", ", changes)} by {agent.DisplayName}";
    }

    /// <summary>An agent links the ticket to an active disruption, or unlinks it (null).</summary>
    public async Task LinkDisruptionAsync(int number, int? disruptionId, string agentId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var agent = await RequireAgentAsync(agentId, ct);
        var ticket = await store.FindTicketAsync(number, ct) ?? throw new NotFoundException($"Ticket #{number}");
        Disruption? disruption = null;
        if (disruptionId is int id)
        {
            disruption = (await disruptions.ActiveAsync(ct)).FirstOrDefault(d => d.Id == id)
                ?? throw new DomainException("Only an active disruption can be linked.");
        }

        var before = ticket.DisruptionId;
        ticket.LinkDisruption(disruption, Actor.ForAgent(agent), now);
        await saver.SaveAsync(now, disruption is null ? $"unlinked from disruption #{before} by {agent.DisplayName}" : $"linked to disruption #{disruption.Id} by {agent.DisplayName}", ct);
    }

    private async Task<Agent> RequireAgentAsync(string id, CancellationToken ct) =>
        await store.FindAgentAsync(id, ct) ?? throw new NotFoundException("The agent");
}

/// <summary>The <c>Tickets</c> section: how the ticket page's common steps behave.</summary>
public sealed record TicketWorkflowOptions(bool AssignOnReply)
{
    public static TicketWorkflowOptions Default { get; } = new(AssignOnReply: true);
}
