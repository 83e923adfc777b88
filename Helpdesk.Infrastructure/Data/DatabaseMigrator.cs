using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

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

        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // Readers do not block the writer; the setting is stored in the database file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        else
        {
            await InstallJobStorageAsync(db, ct);
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

    /// <summary>The PostgreSQL schema that holds the job server's tables.</summary>
    public const string JobSchema = "hangfire";

    /// <summary>The SQL text of an embedded migration script.</summary>
    internal static string Script(string provider, string name)
    {
        var resource = $"migrations/{provider}/{name}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Migration script {resource} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
