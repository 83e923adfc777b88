using System.Data.Common;
using Helpdesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Support;

/// <summary>
/// A provider's own description of a database's tables, columns, indexes and foreign keys, as sorted
/// lines, so that two databases can be compared line by line.
/// </summary>
public static class SchemaSnapshot
{
    public static async Task<IReadOnlyList<string>> ReadAsync(HelpdeskDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            var lines = db.Provider == DatabaseProvider.Postgres ? await PostgresAsync(connection) : await SqliteAsync(connection);
            // EF's own bookkeeping tables are not part of the model.
            return lines.Where(l => !l.Contains("__EFMigrations", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    /// <summary>Whether a line is about the full-text search objects, which the migrations make outside the EF model.</summary>
    public static bool IsFullTextSearch(string line) =>
        line.Contains("MessageSearch", StringComparison.Ordinal) || line.Contains("SubjectSearch", StringComparison.Ordinal)
        || line.Contains("SearchVector", StringComparison.Ordinal);

    private static async Task<List<string>> SqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", r => r.GetString(0));
        foreach (var table in tables)
        {
            lines.Add($"table {table}");
            lines.AddRange(await QueryAsync(connection, $"PRAGMA table_info(\"{table}\")",
                r => $"column {table}.{r.GetString(1)} {r.GetString(2)} notnull={r.GetInt64(3)} pk={r.GetInt64(5)}"));
            lines.AddRange(await QueryAsync(connection, $"PRAGMA foreign_key_list(\"{table}\")",
                r => $"fk {table}.{r.GetString(3)} -> {r.GetString(2)}.{r.GetString(4)} on delete {r.GetString(6)}"));
            var indexes = await QueryAsync(connection, $"PRAGMA index_list(\"{table}\")", r => (Name: r.GetString(1), Unique: r.GetInt64(2)));
            foreach (var index in indexes)
            {
                var columns = await QueryAsync(connection, $"PRAGMA index_info(\"{index.Name}\")", r => r.IsDBNull(2) ? "?" : r.GetString(2));
                lines.Add($"index {table} {index.Name} unique={index.Unique} ({string.Join(", ", columns)})");
            }
        }

        return lines;
    }

    private static async Task<List<string>> PostgresAsync(DbConnection connection)
    {
        var lines = new List<string>();
        lines.AddRange(await QueryAsync(connection, """
            SELECT table_name, column_name, data_type, is_nullable, coalesce(character_maximum_length, 0), is_identity, coalesce(column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public'
            """,
            r => $"column {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}({r.GetInt32(4)}) nullable={r.GetString(3)} identity={r.GetString(5)} default={r.GetString(6)}"));
        lines.AddRange(await QueryAsync(connection, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
            r => $"index {r.GetString(0)} {r.GetString(1)} {r.GetString(2)}"));
        lines.AddRange(await QueryAsync(connection, """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace
            """,
            r => $"constraint {r.GetString(0)} {r.GetString(1)} {r.GetString(2)}"));
        return lines;
    }

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> read)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var results = new List<T>();
        while (await reader.ReadAsync())
        {
            results.Add(read(reader));
        }

        return results;
    }
}
