namespace Helpdesk.Core.Ports;

/// <summary>The earlier public messages of a ticket, for the history quoted below a reply.</summary>
public interface IConversationHistory
{
    /// <summary>The ticket's stored public messages, newest first, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<EarlierMessage>> PublicMessagesAsync(int ticketNumber, int take, CancellationToken ct = default);
}

/// <summary>A message as a reply quotes it: who, when, and its own text (without the history it quoted itself).</summary>
public sealed record EarlierMessage(string Author, DateTimeOffset At, string Text);
