using System.Collections.Concurrent;

namespace Helpdesk.Infrastructure.Identity;

/// <summary>
/// Failed sign-ins counted per email and client address: too many from one address pause that email's sign-in from
/// that address only, so a stranger who guesses at an admin's password pauses themselves, never the admin. The
/// count is kept for any email, an account or not, so the pause says nothing about which accounts exist. In memory:
/// each node counts its own, and a restart forgets (the per-address rate limit still holds).
/// </summary>
public sealed class SignInThrottle(TimeProvider time, int maxFailures, TimeSpan pause)
{
    /// <summary>The most (email, address) pairs remembered; past it, expired ones are dropped first.</summary>
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<(string Email, string Client), Entry> _entries = new();

    private sealed class Entry
    {
        public int Failures;
        public DateTimeOffset First;
        public DateTimeOffset? PausedUntil;
    }

    /// <summary>How long sign-in stays paused for this email from this address, or null when it is not.</summary>
    public TimeSpan? PausedFor(string email, string client)
    {
        if (_entries.TryGetValue((email, client), out var entry))
        {
            lock (entry)
            {
                if (entry.PausedUntil is { } until && until > time.GetUtcNow())
                {
                    return until - time.GetUtcNow();
                }
            }
        }

        return null;
    }

    /// <summary>The emails whose sign-in is paused from some address (for the admin's list of users): one pass.</summary>
    public IReadOnlySet<string> PausedEmails()
    {
        var now = time.GetUtcNow();
        return _entries.Where(e => e.Value.PausedUntil is { } until && until > now).Select(e => e.Key.Email).ToHashSet(StringComparer.Ordinal);
    }

    public void Failed(string email, string client)
    {
        var now = time.GetUtcNow();
        if (_entries.Count >= MaxEntries && !_entries.ContainsKey((email, client)))
        {
            Prune(now);
            if (_entries.Count >= MaxEntries)
            {
                return; // flooded: the per-address rate limit is what holds now
            }
        }

        var entry = _entries.GetOrAdd((email, client), _ => new Entry { First = now });
        lock (entry)
        {
            // A pause that has ended, or failures older than a pause: count afresh.
            if (entry.PausedUntil is { } until ? until <= now : now - entry.First > pause)
            {
                entry.Failures = 0;
                entry.First = now;
                entry.PausedUntil = null;
            }

            entry.Failures++;
            if (entry.Failures >= maxFailures)
            {
                entry.PausedUntil = now + pause;
            }
        }
    }

    public void Succeeded(string email, string client) => _entries.TryRemove((email, client), out _);

    /// <summary>Lifts every pause of this email (an admin's "unlock").</summary>
    public void Release(string email)
    {
        foreach (var key in _entries.Keys.Where(k => k.Email == email).ToList())
        {
            _entries.TryRemove(key, out _);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (now - entry.First > pause && !(entry.PausedUntil > now))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }
}
