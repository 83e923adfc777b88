using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;

namespace Helpdesk.Core.Services;

/// <summary>Merging a duplicate ticket into the one that carries on (decision 020).</summary>
public sealed class MergeService(IHelpdeskStore store, TicketSaver saver, MailComposer mail, TimeProvider time)
{
    /// <summary>
    /// Merges ticket <paramref name="duplicate"/> into <paramref name="survivor"/>, each as the agent saw it (the versions
    /// of the preview): a change to either since is a <see cref="ConcurrencyConflictException"/> and nothing is merged.
    /// The conversation moves, the duplicate closes with its clocks cancelled, and its customer (and Cc) is told by email
    /// where the conversation continues — all in one commit.
    /// </summary>
    public async Task<MergeOutcome> MergeAsync(int duplicate, int duplicateVersion, int survivor, int survivorVersion, string agentId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var agent = await store.FindAgentAsync(agentId, ct) ?? throw new NotFoundException("The agent");
        var from = await store.FindTicketAsync(duplicate, ct) ?? throw new NotFoundException($"Ticket #{duplicate}");
        var into = await store.FindTicketAsync(survivor, ct) ?? throw new NotFoundException($"Ticket #{survivor}");
        from.EnsureVersion(duplicateVersion);
        into.EnsureVersion(survivorVersion);
        store.ExpectVersion(from, duplicateVersion);
        store.ExpectVersion(into, survivorVersion);

        await store.LoadConversationAsync(from, ct);
        await store.LoadConversationAsync(into, ct);
        var moved = from.MergeInto(into, Actor.ForAgent(agent), now);
        mail.QueueMergeNotice(from, into);
        await saver.SaveAsync(now, $"#{duplicate} merged into #{survivor} by {agent.DisplayName}", ct);
        return new MergeOutcome(duplicate, survivor, moved);
    }
}

public sealed record MergeOutcome(int Duplicate, int Survivor, int MessagesMoved);
