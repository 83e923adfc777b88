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
