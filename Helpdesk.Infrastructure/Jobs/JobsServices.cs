using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Helpdesk.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>
/// Hangfire runs the scheduled work (docs/decisions/014-hangfire.md): its storage in PostgreSQL (schema installed by
/// the migrations, several nodes sharing the work) or, with SQLite, in a file beside the database (one node only:
/// a second process with jobs on refuses to start). Every recurring job is declared here. Hangfire only says when
/// to look; exactly-once lives in the app's own database (unique keys, outbox rows, conditional updates).
/// <c>Jobs:Enabled=false</c> starts a web-only node.
/// </summary>
public static class JobsServices
{
    public const string DispatchOutbox = "dispatch-outbox";
    public const string SweepSlaClocks = "sweep-sla-clocks";
    public const string PollMailboxes = "poll-mailboxes";
    public const string RecomputeSla = "sla-recompute";
    public const string MonthlyReports = "monthly-reports";
    public const string Automations = "automations";
    public const string DeliverWebhooks = "deliver-webhooks";

    /// <summary>The recurring jobs, by id, with their names on the admin pages.</summary>
    public static readonly IReadOnlyList<(string Id, string Name)> Recurring =
    [
        (SweepSlaClocks, "SLA sweep"),
        (DispatchOutbox, "Outbox dispatcher"),
        (PollMailboxes, "Mailbox poll"),
        (RecomputeSla, "SLA recompute after a policy or calendar change"),
        (MonthlyReports, "Monthly SLA reports to organizations"),
        (Automations, "Automations (reminders, follow-ups on time)"),
        (DeliverWebhooks, "Webhook deliveries"),
    ];

    public static IServiceCollection AddHelpdeskJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        var jobs = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();

        // The storage and the client on every node, a web-only one too: what it queues (a dispatch after a commit,
        // a recompute after a change) is run by a node with jobs on.
        var poll = TimeSpan.FromSeconds(Math.Clamp(jobs.PollSeconds, 1, 60));
        var lockLifetime = TimeSpan.FromSeconds(Math.Clamp(jobs.LockSeconds, 5, 3600));
        // The storage is this app's own instance in its services, made when first needed (so that a host or a test can
        // still change configuration after composing the app); Hangfire's client, recurring-job manager, server and
        // dashboard all take it from there, never from Hangfire's process-wide default.
        services.AddSingleton<JobStorage>(sp =>
        {
            var database = sp.GetRequiredService<DatabaseSettings>();
            if (database.Provider == DatabaseProvider.Postgres)
            {
                var options = new PostgreSqlStorageOptions
                {
                    SchemaName = DatabaseMigrator.JobSchema,
                    PrepareSchemaIfNecessary = false, // the migrations install it, once
                    UseSlidingInvisibilityTimeout = true, // a healthy long job is not started again elsewhere
                    InvisibilityTimeout = TimeSpan.FromMinutes(5), // a killed worker's job comes back after this
                    EnableLongPolling = true, // another node's queued job is picked up at once
                    QueuePollInterval = poll,
                    DistributedLockTimeout = lockLifetime,
                };
                return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(database.ConnectionString, options), options);
            }

            if (database.Provider == DatabaseProvider.SqlServer)
            {
                return new Hangfire.SqlServer.SqlServerStorage(database.ConnectionString, new Hangfire.SqlServer.SqlServerStorageOptions
                {
                    SchemaName = DatabaseMigrator.JobSchema,
                    PrepareSchemaIfNecessary = false, // the migrations install it, once
                    SqlClientFactory = Microsoft.Data.SqlClient.SqlClientFactory.Instance,
                    SlidingInvisibilityTimeout = TimeSpan.FromMinutes(5), // a killed worker's job comes back after this
                    QueuePollInterval = poll,
                    UseRecommendedIsolationLevel = true,
                    DisableGlobalLocks = true,
                });
            }

            return new SQLiteStorage(SqliteJobStorage.PathBeside(database.ConnectionString), new SQLiteStorageOptions
            {
                QueuePollInterval = poll,
                DistributedLockLifetime = lockLifetime,
                InvisibilityTimeout = TimeSpan.FromMinutes(5),
            });
        });
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings()
            .UseLogProvider(new JobsLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))
            .UseStorage(sp.GetRequiredService<JobStorage>()));

        if (!jobs.Enabled)
        {
            return services;
        }

        // Before the job server starts: a second process on the same SQLite database stops here, with the reason.
        services.AddSingleton(sp => sp.GetRequiredService<DatabaseSettings>() is { Provider: DatabaseProvider.Sqlite } database
            ? new SqliteJobStorage(SqliteJobStorage.PathBeside(database.ConnectionString))
            : new SqliteJobStorage(null));
        services.AddHostedService(sp => sp.GetRequiredService<SqliteJobStorage>());

        services.AddHangfireServer((sp, o) =>
        {
            // This app's services, never the process-wide default (which the last app composed in this process set).
            o.Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>());
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            o.WorkerCount = jobs.Workers;
            o.SchedulePollingInterval = poll;
            o.HeartbeatInterval = TimeSpan.FromSeconds(5);
            o.ServerCheckInterval = TimeSpan.FromSeconds(30);
            o.ServerTimeout = TimeSpan.FromMinutes(1);
        });
        services.AddHostedService<RecurringJobsSetup>();

        // New mail as it arrives (IMAP IDLE), beside the poll.
        services.AddSingleton<PollMailboxesJob>();
        services.AddHostedService<Mail.Intake.MailboxWatcher>();
        return services;
    }

    /// <summary>Declares (or updates) every recurring job at start, from <see cref="JobsOptions"/>.</summary>
    private sealed class RecurringJobsSetup(IRecurringJobManager recurring, IOptions<JobsOptions> options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var o = options.Value;
            var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
            recurring.AddOrUpdate<SweepSlaClocksJob>(SweepSlaClocks, j => j.RunAsync(CancellationToken.None), JobsOptions.Cron(o.SweepSeconds)!, utc);
            recurring.AddOrUpdate<DispatchOutboxJob>(DispatchOutbox, j => j.RunAsync(CancellationToken.None), JobsOptions.Cron(o.OutboxSeconds)!, utc);
            recurring.AddOrUpdate<PollMailboxesJob>(PollMailboxes, j => j.RunAsync(CancellationToken.None), JobsOptions.Cron(o.MailboxSeconds)!, utc);
            recurring.AddOrUpdate<SlaRecomputeJob>(RecomputeSla, j => j.RunAsync(CancellationToken.None), JobsOptions.Cron(o.RecomputeSeconds)!, utc);
            recurring.AddOrUpdate<MonthlyReportJob>(MonthlyReports, j => j.RunAsync(CancellationToken.None), JobsOptions.Cron(o.ReportsSeconds)!, utc);
            recurring.AddOrUpdate<AutomationsJob>(Automations, j => j.RunAsync(CancellationToken.None), JobsOptions.Cron(o.AutomationsSeconds)!, utc);
            recurring.AddOrUpdate<DeliverWebhooksJob>(DeliverWebhooks, j => j.RunAsync(CancellationToken.None), JobsOptions.Cron(o.WebhookSeconds)!, utc);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>
/// The SQLite job storage's one-node rule: its fetch of a queued job is a read and a separate update, so two
/// processes on one file can run the same job twice (measured: 3 of 300). The first process to start with jobs on
/// holds an exclusive lock on a file beside the storage for its lifetime; the next one refuses to start.
/// </summary>
public sealed class SqliteJobStorage(string? path) : IHostedService, IDisposable
{
    private FileStream? _lock;

    /// <summary>The job storage file beside the app's SQLite database: <c>helpdesk.db</c> → <c>helpdesk.jobs.db</c>.</summary>
    public static string PathBeside(string connectionString)
    {
        var database = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        var folder = Path.GetDirectoryName(database)!;
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(database) + ".jobs.db");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (path is null)
        {
            return Task.CompletedTask; // PostgreSQL: any number of nodes
        }

        try
        {
            _lock = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"Another process already runs the scheduled jobs on this SQLite database ({path}). SQLite serves one job server: " +
                "start this one with Jobs:Enabled=false, or move to PostgreSQL to run several nodes.", ex);
        }

        ReleaseStaleLocks();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Holding the file lock, this is the only process with jobs on this storage: any job lock still in it was left by
    /// a process that died mid-run, and would otherwise keep that job waiting for the lock's lifetime after a restart.
    /// </summary>
    private void ReleaseStaleLocks()
    {
        if (path is null || !File.Exists(path))
        {
            return;
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30 }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'DistributedLock'";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1)
        {
            command.CommandText = "DELETE FROM \"DistributedLock\"";
            command.ExecuteNonQuery();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _lock?.Dispose();
}
