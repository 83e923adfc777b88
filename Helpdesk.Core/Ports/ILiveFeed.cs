namespace Helpdesk.Core.Ports;

public enum LiveKind
{
    /// <summary>A ticket was created or changed and committed.</summary>
    TicketChanged = 0,

    /// <summary>Someone opened, typed on or left a ticket page.</summary>
    Presence = 1,
}

public enum PresenceState
{
    Left = 0,
    Viewing = 1,
    Typing = 2,
}

/// <summary>
/// One live event, as every node hears it: a committed ticket change (its number, new version, status, who and what in
/// words) or someone's presence on a ticket page (<see cref="Connection"/> names the browser tab).
/// </summary>
public sealed record LiveEvent(
    LiveKind Kind,
    int TicketNumber,
    int Version = 0,
    string? UserId = null,
    string? Name = null,
    string? Detail = null,
    string? Connection = null,
    PresenceState Presence = PresenceState.Left)
{
    /// <summary>The node that published it (set by the feed).</summary>
    public string Node { get; init; } = string.Empty;
}

/// <summary>
/// Live events for the pages open in browsers: published on one node, heard on every node (decision 020: the database
/// carries them between nodes). Delivery is best effort: a page that misses one is still right on its next load.
/// </summary>
public interface ILiveFeed
{
    /// <summary>This node, as its events are marked.</summary>
    string Node { get; }

    void Publish(LiveEvent live);

    /// <summary>Calls <paramref name="handler"/> for every event from this node or another; dispose to stop.</summary>
    IDisposable Subscribe(Action<LiveEvent> handler);
}

/// <summary>
/// What a ticket change did, as the parts a live event carries (one per line in its detail): words are made from them
/// where they are shown, in the reader's language ("replied, set the status to Solved and changed the assignee").
/// </summary>
public static class LiveChange
{
    public const string Replied = "replied";
    public const string Noted = "noted";
    public const string Wrote = "wrote";
    public const string Opened = "opened";

    /// <summary>Followed by the new status's label.</summary>
    public const string Status = "status:";

    /// <summary>Followed by the audit field's name.</summary>
    public const string Field = "field:";

    /// <summary>The parts in English: "replied, set the status to Solved and changed the assignee".</summary>
    public static string English(string? detail)
    {
        var parts = (detail ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => p switch
        {
            Replied => "replied",
            Noted => "added an internal note",
            Wrote => "wrote",
            Opened => "opened it",
            _ when p.StartsWith(Status, StringComparison.Ordinal) => $"set the status to {p[Status.Length..]}",
            _ when p.StartsWith(Field, StringComparison.Ordinal) => $"changed the {p[Field.Length..].ToLowerInvariant()}",
            _ => p,
        }).ToList();
        return parts.Count <= 1 ? string.Concat(parts) : $"{string.Join(", ", parts.Take(parts.Count - 1))} and {parts[^1]}";
    }
}
