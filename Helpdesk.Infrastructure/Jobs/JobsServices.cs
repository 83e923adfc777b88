using Helpdesk.Infrastructure.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>
/// Quartz with its persistent ADO.NET store in the app's own database (schema provisioned by Quartz),
/// clustered on PostgreSQL, with its execution history in the same database (one history for the
/// cluster) and retries with exponential backoff and jitter for a failed run. Every trigger is declared
/// here. <c>Jobs:Enabled=false</c> starts a web-only node.
/// </summary>
public static class JobsServices
{
    public static readonly JobKey DispatchOutbox = new("dispatch-outbox", "helpdesk");
    public static readonly JobKey SweepSlaClocks = new("sweep-sla-clocks", "helpdesk");
    public static readonly JobKey PollMailboxes = new("poll-mailboxes", "helpdesk");

    public static IServiceCollection AddHelpdeskJobs(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        if (!configuration.GetValue("Jobs:Enabled", true))
        {
            return services;
        }

        var database = DatabaseSettings.From(configuration, contentRoot);
        services.AddQuartz(q =>
        {
            q.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                if (database.Provider == DatabaseProvider.Postgres)
                {
                    store.UsePostgres(database.ConnectionString);
                    store.UseClustering(c =>
                    {
                        // A node that stops checking in for this long (plus the threshold) is taken over.
                        c.CheckinInterval = TimeSpan.FromSeconds(configuration.GetValue("Jobs:ClusterCheckinSeconds", 7.5));
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(configuration.GetValue("Jobs:ClusterCheckinSeconds", 7.5));
                    });
                }
                else
                {
                    store.UseSqlite(database.ConnectionString);
                }

                store.ProvisionSchema();
                store.UseExecutionHistory();
            });

            // A failed run (the database unreachable, say) is logged, recorded in the history and retried a few
            // times with growing, scattered waits inside its interval; the next regular run follows in any case.
            q.UseDefaultRetryPolicy(Backoff(TimeSpan.FromSeconds(10))); // for runs started by hand ("Run now", nudges)
            var outboxEvery = TimeSpan.FromSeconds(configuration.GetValue("Jobs:OutboxSeconds", 5.0));
            var sweepEvery = TimeSpan.FromSeconds(configuration.GetValue("Jobs:SweepSeconds", 30.0));
            q.ScheduleJob<DispatchOutboxJob>(
                t => t.WithIdentity("dispatch-outbox-every", "helpdesk").WithSimpleSchedule(outboxEvery, null)
                    .WithRetryPolicy(Backoff(outboxEvery)),
                j => j.WithIdentity(DispatchOutbox).StoreDurably(true));
            q.ScheduleJob<SweepSlaClocksJob>(
                t => t.WithIdentity("sweep-sla-clocks-every", "helpdesk").WithSimpleSchedule(sweepEvery, null)
                    .WithRetryPolicy(Backoff(sweepEvery)),
                j => j.WithIdentity(SweepSlaClocks).StoreDurably(true));
            var pollEvery = TimeSpan.FromSeconds(configuration.GetValue("Jobs:MailboxSeconds", 60.0));
            q.ScheduleJob<PollMailboxesJob>(
                t => t.WithIdentity("poll-mailboxes-every", "helpdesk").WithSimpleSchedule(pollEvery, null)
                    .WithRetryPolicy(Backoff(pollEvery)),
                j => j.WithIdentity(PollMailboxes).StoreDurably(true));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>Three retries, the first after a tenth of the interval, doubling, scattered by a fifth.</summary>
    public static RetryPolicy Backoff(TimeSpan interval)
    {
        var first = TimeSpan.FromMilliseconds(Math.Max(500, interval.TotalMilliseconds / 10));
        return RetryPolicy.Exponential(3, first, 2.0, first * 4, 0.2);
    }
}
