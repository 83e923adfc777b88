using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;

namespace Helpdesk.Infrastructure.Data;

/// <summary>
/// What every queue page needs and what rarely changes: the per-status ticket counts and the lookup
/// lists (agents, groups, categories). Counting 100,000 tickets on every page view costs more than the
/// page itself, so the counts are kept for a few seconds and dropped as soon as this node commits a
/// ticket change; another node's change shows within <see cref="CountsLifetime"/>. The SLA setup is
/// never stale, on any node: every change to it commits a recompute request, whose newest id is read
/// (one primary-key lookup) before the cached setup is used.
/// </summary>
public sealed class QueryCache(TimeProvider time)
{
    public static readonly TimeSpan CountsLifetime = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan LookupsLifetime = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private Entry<IReadOnlyDictionary<TicketStatus, int>>? _counts;
    private Entry<Lookups>? _lookups;
    private Entry<SlaSetup>? _sla;
    private long _slaGeneration;
    private long _ticketsGeneration;
    private long _referenceGeneration;

    public async Task<IReadOnlyDictionary<TicketStatus, int>> StatusCountsAsync(Func<Task<IReadOnlyDictionary<TicketStatus, int>>> load) =>
        await GetAsync(() => _counts, e => _counts = e, () => Interlocked.Read(ref _ticketsGeneration), CountsLifetime, load);

    public async Task<Lookups> LookupsAsync(Func<Task<Lookups>> load) =>
        await GetAsync(() => _lookups, e => _lookups = e, () => Interlocked.Read(ref _referenceGeneration), LookupsLifetime, load);

    /// <summary>SLA policies and calendars, kept while <paramref name="stamp"/> (the newest recompute request's id, which
    /// every change to them adds) is the one they were loaded under: any node's change shows at once.</summary>
    public async Task<SlaSetup> SlaSetupAsync(Func<Task<long>> stamp, Func<Task<SlaSetup>> load)
    {
        var current = await stamp();
        var setup = await GetAsync(() => _sla is { } e && e.Stamp == current ? e : null, e => _sla = e with { Stamp = current },
            () => Interlocked.Read(ref _slaGeneration), TimeSpan.FromHours(1), load);
        return setup;
    }

    public void SlaChanged() => Interlocked.Increment(ref _slaGeneration);

    /// <summary>A ticket was added or changed on this node.</summary>
    public void TicketsChanged() => Interlocked.Increment(ref _ticketsGeneration);

    /// <summary>An agent, group or category was added or changed on this node.</summary>
    public void ReferenceDataChanged() => Interlocked.Increment(ref _referenceGeneration);

    private async Task<T> GetAsync<T>(Func<Entry<T>?> read, Action<Entry<T>> write, Func<long> generation, TimeSpan lifetime, Func<Task<T>> load)
    {
        var now = time.GetUtcNow();
        var current = generation();
        lock (_gate)
        {
            if (read() is { } entry && entry.Generation == current && now - entry.LoadedAt < lifetime)
            {
                return entry.Value;
            }
        }

        var value = await load();
        lock (_gate)
        {
            // Keep it only if nothing changed while it was loading.
            if (generation() == current)
            {
                write(new Entry<T>(value, current, now));
            }
        }

        return value;
    }

    private sealed record Entry<T>(T Value, long Generation, DateTimeOffset LoadedAt)
    {
        /// <summary>What the database said when the value was loaded (the SLA setup's newest change).</summary>
        public long Stamp { get; init; }
    }
}
