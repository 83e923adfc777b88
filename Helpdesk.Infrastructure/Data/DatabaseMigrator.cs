using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Helpdesk.Infrastructure.Data.Migrations;

namespace Helpdesk.Infrastructure.Data;

/// <summary>Applies the provider's versioned migrations; idempotent, run at start-up and by the migrate verb.</summary>
public static class DatabaseMigrator
{
    public static async Task<IReadOnlyList<string>> MigrateAsync(HelpdeskDbContext db, CancellationToken ct = default)
    {
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            var source = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(source));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        await UpgradeLegacyAsync(db, ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // Readers do not block the writer; the setting is stored in the database file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        else if (db.Provider == DatabaseProvider.Postgres)
        {
            await InstallJobStorageAsync(db, ct);
        }
        else
        {
            await InstallSqlServerJobStorageAsync(db, ct);
        }

        return pending;
    }

    /// <summary>The job server's tables (schema <see cref="JobSchema"/>), installed or upgraded here, by one node at a time
    /// under an advisory lock, rather than by every node racing as it starts (docs/decisions/014-hangfire.md).</summary>
    private static async Task InstallJobStorageAsync(HelpdeskDbContext db, CancellationToken ct)
    {
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            await using (var command = new Npgsql.NpgsqlCommand("SELECT pg_advisory_lock(7230148)", connection))
            {
                await command.ExecuteNonQueryAsync(ct);
            }

            try
            {
                Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install(connection, JobSchema);
            }
            finally
            {
                await using var unlock = new Npgsql.NpgsqlCommand("SELECT pg_advisory_unlock(7230148)", connection);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    /// <summary>SQL Server: Hangfire's own install script, which takes an application lock itself, so one node at a time.</summary>
    private static async Task InstallSqlServerJobStorageAsync(HelpdeskDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            Hangfire.SqlServer.SqlServerObjectsInstaller.Install(connection, JobSchema, enableHeavyMigrations: true);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    /// <summary>The PostgreSQL or SQL Server schema that holds the job server's tables.</summary>
    public const string JobSchema = "hangfire";

    /// <summary>
    /// A database made by the frozen SQL migrations (before EF's tools made them) is brought to the last of those
    /// scripts, whose schema is the EF baseline's, and recorded as at the baseline; EF then applies what follows. One
    /// transaction: the first statement takes the legacy rows out of the history, so a second node racing here finds
    /// none left once the first commits, and does nothing.
    /// </summary>
    private static async Task UpgradeLegacyAsync(HelpdeskDbContext db, CancellationToken ct)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var legacy = LegacyMigrations.Scripts.Where(s => applied.Contains(s.Id)).Select(s => s.Id).ToList();
        if (legacy.Count == 0)
        {
            return;
        }

        var provider = db.Provider == DatabaseProvider.Postgres ? "Postgres" : "Sqlite";
        var baseline = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly>().Migrations.Keys.Order(StringComparer.Ordinal).First();
        var version = typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Every row of a legacy database's history is a legacy script's.
        var taken = await db.Database.ExecuteSqlRawAsync("""DELETE FROM "__EFMigrationsHistory" """, ct);
        if (taken != applied.Count)
        {
            return; // another node upgraded it meanwhile
        }

        foreach (var (_, script) in LegacyMigrations.Scripts.Where(s => !applied.Contains(s.Id)))
        {
            await db.Database.ExecuteSqlRawAsync(Script($"Legacy/{provider}/{script}"), ct);
        }

        await db.Database.ExecuteSqlAsync($"""INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ({baseline}, {version})""", ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The SQL text of an embedded migration script, by its path under <c>Data/Migrations</c>.</summary>
    internal static string Script(string path)
    {
        var resource = $"migrations/{path}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Migration script {resource} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
