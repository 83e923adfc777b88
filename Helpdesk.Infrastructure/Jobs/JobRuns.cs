using System.Collections.Concurrent;
using System.Diagnostics;

namespace Helpdesk.Infrastructure.Jobs;

public sealed record JobRun(DateTimeOffset StartedAt, TimeSpan Duration, string Result, bool Failed);

/// <summary>The last run of each job on this node, for the jobs page.</summary>
public sealed class JobRuns(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, JobRun> _last = new();

    public JobRun? Last(string job) => _last.GetValueOrDefault(job);

    /// <summary>Runs a job body, recording when it started, how long it took and what it did; failures are rethrown.</summary>
    public async Task<T> RecordAsync<T>(string job, Func<Task<T>> body, Func<T, string> describe)
    {
        var started = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        try
        {
            var result = await body();
            _last[job] = new JobRun(started, watch.Elapsed, describe(result), false);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _last[job] = new JobRun(started, watch.Elapsed, $"{ex.GetType().Name}: {ex.Message}", true);
            throw;
        }
    }
}
