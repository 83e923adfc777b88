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
            var lines = db.Provider switch
            {
                DatabaseProvider.Postgres => await PostgresAsync(connection),
                DatabaseProvider.SqlServer => await SqlServerAsync(connection),
                _ => await SqliteAsync(connection),
            };
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

    /// <summary>SQL Server: the app's schema (dbo; the job server's tables are in their own schema).</summary>
    private static async Task<List<string>> SqlServerAsync(DbConnection connection)
    {
        var lines = new List<string>();
        lines.AddRange(await QueryAsync(connection, """
            SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, IS_NULLABLE, COALESCE(CHARACTER_MAXIMUM_LENGTH, 0), COALESCE(COLUMN_DEFAULT, ''),
                   COLUMNPROPERTY(OBJECT_ID(TABLE_SCHEMA + '.' + TABLE_NAME), COLUMN_NAME, 'IsIdentity')
            FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'dbo'
            """,
            r => $"column {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}({r.GetInt32(4)}) nullable={r.GetString(3)} identity={r.GetValue(6)} default={r.GetString(5)}"));
        lines.AddRange(await QueryAsync(connection, """
            SELECT t.name, i.name, i.is_unique, i.is_primary_key, COALESCE(i.filter_definition, ''),
                   STRING_AGG(c.name + CASE WHEN ic.is_descending_key = 1 THEN ' desc' ELSE '' END, ', ') WITHIN GROUP (ORDER BY ic.key_ordinal)
            FROM sys.indexes i
            JOIN sys.tables t ON t.object_id = i.object_id
            JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.key_ordinal > 0
            JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
            WHERE SCHEMA_NAME(t.schema_id) = 'dbo'
            GROUP BY t.name, i.name, i.is_unique, i.is_primary_key, i.filter_definition
            """,
            r => $"index {r.GetString(0)} {r.GetString(1)} unique={r.GetBoolean(2)} pk={r.GetBoolean(3)} ({r.GetString(5)}) where {r.GetString(4)}"));
        lines.AddRange(await QueryAsync(connection, """
            SELECT OBJECT_NAME(fk.parent_object_id), fk.name, OBJECT_NAME(fk.referenced_object_id), fk.delete_referential_action_desc
            FROM sys.foreign_keys fk WHERE SCHEMA_NAME(fk.schema_id) = 'dbo'
            """,
            r => $"fk {r.GetString(0)} {r.GetString(1)} -> {r.GetString(2)} on delete {r.GetString(3)}"));
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
