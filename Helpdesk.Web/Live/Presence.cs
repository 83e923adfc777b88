using System.Collections.Concurrent;
using Helpdesk.Core.Ports;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Web.Live;

/// <summary>One person on a ticket page, as the pages show them.</summary>
public sealed record Viewer(string? UserId, string Name, bool Typing);

/// <summary>
/// Who has which ticket open, on every node: kept from the live feed's presence events (this node's and the others'),
/// pushed to the pages of a ticket whenever its list changes. A page repeats itself every
/// <see cref="Heartbeat"/>; one not heard from for <see cref="Expiry"/> is gone (a node that died), and typing shows for
/// <see cref="TypingShown"/> after the last keystroke reported. When someone new opens a ticket, each node repeats its
/// own viewers of it, so the newcomer sees everyone at once.
/// </summary>
public sealed class Presence : IHostedService, IDisposable
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(35);
    public static readonly TimeSpan TypingShown = TimeSpan.FromSeconds(8);

    private sealed record Seen(string? UserId, string Name, string Node, bool Typing, long Ticks);

    private readonly ILiveFeed _feed;
    private readonly IHubContext<LiveHub> _hub;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly Dictionary<int, Dictionary<string, Seen>> _tickets = [];
    private readonly ConcurrentDictionary<string, HashSet<int>> _local = new();
    private IDisposable? _subscription;
    private ITimer? _sweep;

    public Presence(ILiveFeed feed, IHubContext<LiveHub> hub)
    {
        _feed = feed;
        _hub = hub;
        _time = TimeProvider.System; // transport timing, not business time: pages' heartbeats run on the wall clock
    }

    /// <summary>Notes that this node's connection shows the ticket; true the first time.</summary>
    public bool Local(string connection, int number)
    {
        var set = _local.GetOrAdd(connection, _ => []);
        lock (set)
        {
            return set.Add(number);
        }
    }

    public void LocalLeft(string connection, int number)
    {
        if (_local.TryGetValue(connection, out var set))
        {
            lock (set)
            {
                set.Remove(number);
            }
        }
    }

    /// <summary>The connection is gone: the tickets it showed.</summary>
    public IReadOnlyList<int> LocalLeft(string connection) =>
        _local.TryRemove(connection, out var set) ? [.. set] : [];

    public IReadOnlyList<Viewer> On(int number)
    {
        lock (_gate)
        {
            return _tickets.TryGetValue(number, out var seen) ? List(seen) : [];
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = _feed.Subscribe(Heard);
        _sweep = _time.CreateTimer(_ => Sweep(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _sweep?.Dispose();
    }

    private void Heard(LiveEvent live)
    {
        if (live.Kind == LiveKind.TicketChanged)
        {
            // "what" in English; "parts" for the page to say it in its reader's language (live.js, with the page's words).
            var change = new
            {
                number = live.TicketNumber, version = live.Version, userId = live.UserId, by = live.Name,
                what = LiveChange.English(live.Detail), parts = (live.Detail ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries),
            };
            _ = _hub.Clients.Group(LiveHub.TicketGroup(live.TicketNumber)).SendAsync("changed", change);
            _ = _hub.Clients.Group(LiveHub.QueueGroup).SendAsync("queueChanged", change);
            return;
        }

        if (live.Connection is null)
        {
            return;
        }

        bool changed, newcomer;
        IReadOnlyList<Viewer> viewers;
        lock (_gate)
        {
            if (!_tickets.TryGetValue(live.TicketNumber, out var seen))
            {
                _tickets[live.TicketNumber] = seen = [];
            }

            var before = List(seen);
            newcomer = live.Presence != PresenceState.Left && !seen.ContainsKey(live.Connection);
            if (live.Presence == PresenceState.Left)
            {
                seen.Remove(live.Connection);
            }
            else
            {
                seen[live.Connection] = new Seen(live.UserId, live.Name ?? "Someone", live.Node, live.Presence == PresenceState.Typing, _time.GetTimestamp());
            }

            if (seen.Count == 0)
            {
                _tickets.Remove(live.TicketNumber);
            }

            viewers = List(seen);
            changed = !before.SequenceEqual(viewers);
        }

        if (changed || newcomer)
        {
            Push(live.TicketNumber, viewers); // a newcomer gets the list even when it adds no one new (a second tab)
        }

        if (newcomer && live.Node != _feed.Node)
        {
            Repeat(live.TicketNumber);
        }
    }

    /// <summary>Someone on another node opened the ticket: this node's own viewers of it say so again.</summary>
    private void Repeat(int number)
    {
        List<(string Connection, Seen Seen)> own;
        lock (_gate)
        {
            own = _tickets.TryGetValue(number, out var seen)
                ? [.. seen.Where(s => _local.ContainsKey(s.Key)).Select(s => (s.Key, s.Value))]
                : [];
        }

        foreach (var (connection, seen) in own)
        {
            _feed.Publish(new LiveEvent(LiveKind.Presence, number, UserId: seen.UserId, Name: seen.Name, Connection: connection,
                Presence: seen.Typing ? PresenceState.Typing : PresenceState.Viewing));
        }
    }

    /// <summary>Forgets pages not heard from (a closed laptop, a node that died) and typing that stopped.</summary>
    private void Sweep()
    {
        var now = _time.GetTimestamp();
        var updates = new List<(int, IReadOnlyList<Viewer>)>();
        lock (_gate)
        {
            foreach (var (number, seen) in _tickets.ToList())
            {
                var before = List(seen);
                foreach (var (connection, s) in seen.ToList())
                {
                    var quiet = _time.GetElapsedTime(s.Ticks, now);
                    if (quiet > Expiry)
                    {
                        seen.Remove(connection);
                    }
                    else if (s.Typing && quiet > TypingShown)
                    {
                        seen[connection] = s with { Typing = false };
                    }
                }

                var after = List(seen);
                if (seen.Count == 0)
                {
                    _tickets.Remove(number);
                }

                if (!before.SequenceEqual(after))
                {
                    updates.Add((number, after));
                }
            }
        }

        foreach (var (number, viewers) in updates)
        {
            Push(number, viewers);
        }
    }

    private void Push(int number, IReadOnlyList<Viewer> viewers) =>
        _ = _hub.Clients.Group(LiveHub.TicketGroup(number)).SendAsync("presence", new { number, viewers });

    /// <summary>One entry per person (several tabs are one), typing if any of their pages is, in name order.</summary>
    private static List<Viewer> List(Dictionary<string, Seen> seen) =>
        [.. seen.Values.GroupBy(s => s.UserId ?? s.Name)
            .Select(g => new Viewer(g.First().UserId, g.First().Name, g.Any(s => s.Typing)))
            .OrderBy(v => v.Name, StringComparer.CurrentCultureIgnoreCase)];
}
