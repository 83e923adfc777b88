using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Helpdesk.Web.Hosting;

/// <summary>
/// Healthy while this process's job server has reported in to the job storage within a minute (the system clock on
/// purpose, not the app's <see cref="TimeProvider"/>: Hangfire writes its heartbeats by the wall clock, whatever a test's
/// manual clock says); degraded, not down, when the storage cannot be read this moment (a busy SQLite
/// file), since the jobs themselves retry.
/// </summary>
public sealed class JobServerHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var storage = services.GetRequiredService<JobStorage>();
            var prefix = $"{Environment.MachineName}:{Environment.ProcessId}";
            var servers = storage.GetMonitoringApi().Servers();
            var mine = servers.FirstOrDefault(s => s.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
            return Task.FromResult(mine switch
            {
                null => HealthCheckResult.Unhealthy($"the job server has not started ({servers.Count} other server(s) in the storage)"),
                { Heartbeat: { } beat } when TimeProvider.System.GetUtcNow().UtcDateTime - beat > TimeSpan.FromMinutes(1) => HealthCheckResult.Unhealthy($"the job server last reported at {beat:u}"),
                _ => HealthCheckResult.Healthy($"{servers.Count} job server(s), {mine.WorkersCount} worker(s) here"),
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"the job storage could not be read: {ex.Message}"));
        }
    }
}
