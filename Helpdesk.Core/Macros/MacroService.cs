using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;

namespace Helpdesk.Core.Macros;

/// <summary>What a macro does to one ticket, rendered for the agent to review before sending.</summary>
public sealed record AppliedMacro(string Name, string Body, bool Internal, TicketStatus? Status, TicketPriority? Priority, int? GroupId, string? AssigneeId, string? AddTags);

/// <summary>
/// Macros: each agent's own and the shared ones (admins manage those). Applying one renders its message against the
/// ticket and returns it with its field changes; the agent reviews them on the ticket page and sends them as one update.
/// </summary>
public sealed class MacroService(IMacroStore macros, IHelpdeskStore store, DisplayZone zone, TimeProvider time)
{
    public Task<IReadOnlyList<Macro>> AvailableToAsync(string agentId, CancellationToken ct = default) => macros.AvailableToAsync(agentId, ct);

    /// <summary>A macro the agent may change: their own, or a shared one when they are an admin.</summary>
    public async Task<Macro> EditableAsync(int id, string agentId, bool admin, CancellationToken ct = default)
    {
        var macro = await macros.FindAsync(id, ct);
        return macro is not null && (macro.OwnerId == agentId || (macro.IsShared && admin))
            ? macro
            : throw new NotFoundException("The macro");
    }

    public async Task<Macro> CreateAsync(MacroInput input, string agentId, bool admin, CancellationToken ct = default)
    {
        var owner = input.Shared && admin ? null : agentId;
        await CheckNameAsync(input.Name, owner, null, ct);
        var macro = new Macro(input.Name, owner, time.GetUtcNow());
        await DefineAsync(macro, input, ct);
        macros.Add(macro);
        await macros.SaveChangesAsync(ct);
        return macro;
    }

    public async Task<Macro> UpdateAsync(int id, MacroInput input, string agentId, bool admin, CancellationToken ct = default)
    {
        var macro = await EditableAsync(id, agentId, admin, ct);
        await CheckNameAsync(input.Name, macro.OwnerId, id, ct);
        macro.Rename(input.Name, time.GetUtcNow());
        await DefineAsync(macro, input, ct);
        await macros.SaveChangesAsync(ct);
        return macro;
    }

    public async Task DeleteAsync(int id, string agentId, bool admin, CancellationToken ct = default)
    {
        macros.Remove(await EditableAsync(id, agentId, admin, ct));
        await macros.SaveChangesAsync(ct);
    }

    /// <summary>The macro applied to the ticket by the agent: its message rendered, its changes resolved (unsaved).</summary>
    public async Task<AppliedMacro> ApplyAsync(int number, int macroId, string agentId, CancellationToken ct = default)
    {
        var macro = await UsableAsync(macroId, agentId, ct);
        var ticket = await store.FindTicketAsync(number, ct) ?? throw new NotFoundException($"Ticket #{number}");
        var agent = await store.FindAgentAsync(agentId, ct) ?? throw new NotFoundException("The agent");
        return Apply(macro, ticket, agent);
    }

    /// <summary>A macro the agent may apply: shared, or their own; <see cref="NotFoundException"/> for any other.</summary>
    public async Task<Macro> UsableAsync(int macroId, string agentId, CancellationToken ct = default) =>
        await macros.FindAsync(macroId, ct) is { } macro && (macro.IsShared || macro.OwnerId == agentId)
            ? macro
            : throw new NotFoundException("The macro");

    /// <summary>The macro rendered for one ticket (a bulk action reads the macro once and applies it to each).</summary>
    public AppliedMacro Apply(Macro macro, Ticket ticket, Agent agent) =>
        new(macro.Name, macro.Body.Length == 0 ? string.Empty : Placeholders.Render(macro.Body, Values(ticket, agent)), macro.Internal,
            macro.Status, macro.Priority, macro.GroupId, macro.AssignToSelf ? agent.Id : null, macro.AddTags);

    /// <summary>The placeholders' values for this ticket and agent; times in the customer's zone.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Values(Ticket ticket, Agent agent) => Values(ticket, agent.DisplayName);

    /// <summary>The placeholders' values for this ticket, with <c>agent</c> standing for <paramref name="agentName"/> (an automation: the team).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Values(Ticket ticket, string agentName)
    {
        var reader = zone.For(ticket.Requester);
        var now = time.GetUtcNow();
        string Due(SlaMetric metric) =>
            ticket.SlaClocks.FirstOrDefault(c => c.Metric == metric && c.State == SlaClockState.Running)?.DueAt is { } due && due < SlaEngine.NoDeadline
                ? TimeZones.Spoken(due, reader, now)
                : string.Empty;
        static string First(string name) => name.Trim().Split(' ', 2)[0];
        return new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["ticket"] = new Dictionary<string, string>
            {
                ["number"] = ticket.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), ["subject"] = ticket.Subject,
                ["status"] = ticket.Status.Label(), ["priority"] = ticket.Priority.ToString(),
            },
            ["requester"] = new Dictionary<string, string>
            {
                ["name"] = ticket.Requester.DisplayName, ["first_name"] = ticket.Requester.Name is { } name ? First(name) : ticket.Requester.Email, ["email"] = ticket.Requester.Email,
            },
            ["organization"] = new Dictionary<string, string> { ["name"] = ticket.Requester.Organization?.Name ?? string.Empty },
            ["agent"] = new Dictionary<string, string> { ["name"] = agentName, ["first_name"] = First(agentName) },
            ["sla"] = new Dictionary<string, string> { ["first_response_due"] = Due(SlaMetric.FirstResponse), ["resolution_due"] = Due(SlaMetric.Resolution) },
        };
    }

    private async Task DefineAsync(Macro macro, MacroInput input, CancellationToken ct)
    {
        if (input.GroupId is int group && await store.FindGroupAsync(group, ct) is null)
        {
            throw new NotFoundException("The group");
        }

        macro.Define(input.Body, input.Internal, input.Status, input.Priority, input.GroupId, input.AssignToSelf, input.AddTags, time.GetUtcNow());
    }

    private async Task CheckNameAsync(string name, string? owner, int? exceptId, CancellationToken ct)
    {
        if (await macros.NameTakenAsync(name.Trim(), owner, exceptId, ct))
        {
            throw new DomainException(owner is null ? $"A shared macro named {name.Trim()} already exists." : $"You already have a macro named {name.Trim()}.");
        }
    }
}
