using System.Collections.Concurrent;
using System.Threading.Channels;
using Helpdesk.Core.Ports;
using Helpdesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Helpdesk.Infrastructure.Live;

/// <summary>A live event on its way between nodes: one row per event in <c>LiveEvents</c>, kept a few minutes.</summary>
public sealed class LiveEventRow
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public string Node { get; set; } = string.Empty;

    public LiveKind Kind { get; set; }

    public int TicketNumber { get; set; }

    public int Version { get; set; }

    public string? UserId { get; set; }

    public string? Name { get; set; }

    public string? Detail { get; set; }

    public string? Connection { get; set; }

    public PresenceState Presence { get; set; }
}

public sealed class LiveEventRowConfiguration : IEntityTypeConfiguration<LiveEventRow>
{
    public void Configure(EntityTypeBuilder<LiveEventRow> builder)
    {
        builder.ToTable("LiveEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Node).HasMaxLength(64).IsRequired();
        builder.Property(e => e.UserId).HasMaxLength(450);
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.Property(e => e.Detail).HasMaxLength(500);
        builder.Property(e => e.Connection).HasMaxLength(100);
    }
}

/// <summary>How often a node looks for other nodes' live events.</summary>
public sealed record LiveOptions(TimeSpan Poll)
{
    public static LiveOptions Default { get; } = new(TimeSpan.FromSeconds(1));
}

/// <summary>
/// The live feed with the database as its backplane (decision 020). An event published here reaches this node's
/// subscribers at once and is written to <c>LiveEvents</c> after the fact, outside any business transaction; every
/// node reads the rows of the others once a second. Rows are read by id with a look-back of
/// <see cref="LookBack"/> ids, remembering which were seen, because ids are handed out before commits that may finish
/// out of order. No clock is involved, so nodes need not agree on the time. Rows older than the last
/// <see cref="Kept"/> are deleted as it goes.
/// </summary>
public sealed class LiveFeed(IServiceScopeFactory scopes, TimeProvider time, LiveOptions options, ILogger<LiveFeed> logger) : BackgroundService, ILiveFeed
{
    public const int LookBack = 500;
    public const int Kept = 20_000;
    private const int MaxQueued = 10_000;

    private readonly Channel<LiveEventRow> _outgoing = Channel.CreateBounded<LiveEventRow>(new BoundedChannelOptions(MaxQueued) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly ConcurrentDictionary<int, Action<LiveEvent>> _subscribers = new();
    private readonly HashSet<long> _seen = [];
    private int _nextSubscriber;
    private long _cursor = -1;

    /// <summary>This process, as other nodes see it in the rows.</summary>
    public string Node { get; } = NodeName();

    public void Publish(LiveEvent live)
    {
        var stamped = live with { Node = Node };
        Deliver(stamped);
        _outgoing.Writer.TryWrite(new LiveEventRow
        {
            At = time.GetUtcNow(),
            Node = Node,
            Kind = stamped.Kind,
            TicketNumber = stamped.TicketNumber,
            Version = stamped.Version,
            UserId = stamped.UserId,
            Name = Clip(stamped.Name, 200),
            Detail = Clip(stamped.Detail, 500),
            Connection = Clip(stamped.Connection, 100),
            Presence = stamped.Presence,
        });
    }

    public IDisposable Subscribe(Action<LiveEvent> handler)
    {
        var id = Interlocked.Increment(ref _nextSubscriber);
        _subscribers[id] = handler;
        return new Unsubscriber(() => _subscribers.TryRemove(id, out _));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var rounds = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WriteAsync(stoppingToken);
                await ReadAsync(stoppingToken);
                if (++rounds % 60 == 0)
                {
                    await TrimAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A page that misses a live event is still right on its next load: log and go on.
                logger.LogWarning(ex, "The live feed could not reach the database; trying again.");
            }

            try
            {
                await Task.Delay(options.Poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task WriteAsync(CancellationToken ct)
    {
        var batch = new List<LiveEventRow>();
        while (batch.Count < 1000 && _outgoing.Reader.TryRead(out var row))
        {
            batch.Add(row);
        }

        if (batch.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        db.Set<LiveEventRow>().AddRange(batch);
        await db.SaveChangesAsync(ct);
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var rows = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>().Set<LiveEventRow>().AsNoTracking();
        if (_cursor < 0)
        {
            // Start from now: what happened before this node started is on the pages it serves already.
            _cursor = await rows.MaxAsync(r => (long?)r.Id, ct) ?? 0;
            return;
        }

        var from = _cursor - LookBack;
        var fresh = await rows.Where(r => r.Id > from && r.Node != Node).OrderBy(r => r.Id).ToListAsync(ct);
        foreach (var row in fresh)
        {
            if (row.Id > _cursor - LookBack && _seen.Add(row.Id))
            {
                Deliver(new LiveEvent(row.Kind, row.TicketNumber, row.Version, row.UserId, row.Name, row.Detail, row.Connection, row.Presence) { Node = row.Node });
            }
        }

        if (fresh.Count > 0)
        {
            _cursor = Math.Max(_cursor, fresh[^1].Id);
        }

        _seen.RemoveWhere(id => id <= _cursor - LookBack);
    }

    private async Task TrimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var set = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>().Set<LiveEventRow>();
        var newest = await set.MaxAsync(r => (long?)r.Id, ct) ?? 0;
        await set.Where(r => r.Id < newest - Kept).ExecuteDeleteAsync(ct);
    }

    private void Deliver(LiveEvent live)
    {
        foreach (var handler in _subscribers.Values)
        {
            try
            {
                handler(live);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A live subscriber failed on {Kind} for ticket #{Ticket}.", live.Kind, live.TicketNumber);
            }
        }
    }

    private static string NodeName()
    {
        var name = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        return name.Length <= 64 ? name : name[^64..];
    }

    private static string? Clip(string? value, int length) => value is null || value.Length <= length ? value : value[..length];

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
