using Helpdesk.Infrastructure.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>
/// Quartz with its persistent ADO.NET store in the app's own database (schema provisioned by Quartz),
/// clustered on PostgreSQL. Every trigger is declared here. <c>Jobs:Enabled=false</c> starts a web-only node.
/// </summary>
public static class JobsServices
{
    public static readonly JobKey DispatchOutbox = new("dispatch-outbox", "helpdesk");
    public static readonly JobKey SweepSlaClocks = new("sweep-sla-clocks", "helpdesk");

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
                    store.UseClustering();
                }
                else
                {
                    store.UseSqlite(database.ConnectionString);
                }

                store.ProvisionSchema();
            });

            q.ScheduleJob<DispatchOutboxJob>(
                t => t.WithIdentity("dispatch-outbox-every", "helpdesk").WithSimpleSchedule(TimeSpan.FromSeconds(configuration.GetValue("Jobs:OutboxSeconds", 5)), null),
                j => j.WithIdentity(DispatchOutbox).StoreDurably(true));
            q.ScheduleJob<SweepSlaClocksJob>(
                t => t.WithIdentity("sweep-sla-clocks-every", "helpdesk").WithSimpleSchedule(TimeSpan.FromSeconds(configuration.GetValue("Jobs:SweepSeconds", 30)), null),
                j => j.WithIdentity(SweepSlaClocks).StoreDurably(true));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
