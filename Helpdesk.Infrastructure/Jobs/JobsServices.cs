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

    /// <summary>The recurring jobs, by id, with their names on the admin pages.</summary>
    public static readonly IReadOnlyList<(string Id, string Name)> Recurring =
    [
        (SweepSlaClocks, "SLA sweep"),
        (DispatchOutbox, "Outbox dispatcher"),
        (PollMailboxes, "Mailbox poll"),
    ];

    public static IServiceCollection AddHelpdeskJobs(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        var jobs = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (!jobs.Enabled)
        {
            return services;
        }

        var database = DatabaseSettings.From(configuration, contentRoot);
        var poll = TimeSpan.FromSeconds(Math.Clamp(jobs.PollSeconds, 1, 60));
        var lockLifetime = TimeSpan.FromSeconds(Math.Clamp(jobs.LockSeconds, 5, 3600));
        services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (database.Provider == DatabaseProvider.Postgres)
            {
                config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(database.ConnectionString), new PostgreSqlStorageOptions
                {
                    SchemaName = DatabaseMigrator.JobSchema,
                    PrepareSchemaIfNecessary = false, // the migrations install it, once
                    UseSlidingInvisibilityTimeout = true, // a healthy long job is not started again elsewhere
                    InvisibilityTimeout = TimeSpan.FromMinutes(5), // a killed worker's job comes back after this
                    EnableLongPolling = true, // another node's queued job is picked up at once
                    QueuePollInterval = poll,
                    DistributedLockTimeout = lockLifetime,
                });
            }
            else
            {
                config.UseSQLiteStorage(SqliteJobStorage.PathBeside(database.ConnectionString), new SQLiteStorageOptions
                {
                    QueuePollInterval = poll,
                    DistributedLockLifetime = lockLifetime,
                    InvisibilityTimeout = TimeSpan.FromMinutes(5),
                });
            }
        });

        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // Before the job server starts: a second process on the same SQLite database stops here, with the reason.
            services.AddSingleton(_ => new SqliteJobStorage(SqliteJobStorage.PathBeside(database.ConnectionString)));
            services.AddHostedService(sp => sp.GetRequiredService<SqliteJobStorage>());
        }

        services.AddHangfireServer(o =>
        {
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            o.WorkerCount = jobs.Workers;
            o.SchedulePollingInterval = poll;
            o.HeartbeatInterval = TimeSpan.FromSeconds(5);
            o.ServerCheckInterval = TimeSpan.FromSeconds(30);
            o.ServerTimeout = TimeSpan.FromMinutes(1);
        });
        services.AddHostedService<RecurringJobsSetup>();
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
public sealed class SqliteJobStorage(string path) : IHostedService, IDisposable
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
        if (!File.Exists(path))
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
