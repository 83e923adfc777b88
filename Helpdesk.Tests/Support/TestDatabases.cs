using Helpdesk.Infrastructure;
using Helpdesk.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Helpdesk.Tests.Support;

/// <summary>A throw-away database on a real server or file, migrated or empty.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly Func<Task> _drop;

    private TestDatabase(DatabaseSettings settings, Func<Task> drop)
    {
        Settings = settings;
        _drop = drop;
    }

    public DatabaseSettings Settings { get; }

    public DatabaseProvider Provider => Settings.Provider;

    public HelpdeskDbContext NewContext(params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors) => InfrastructureServices.CreateContext(Settings, interceptors);

    public async Task<TestDatabase> MigrateAsync()
    {
        await using var db = NewContext();
        await DatabaseMigrator.MigrateAsync(db);
        return this;
    }

    public static TestDatabase Sqlite()
    {
        var folder = NewFolder();
        var cs = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "helpdesk.db"), Pooling = false }.ToString();
        return new TestDatabase(new DatabaseSettings(DatabaseProvider.Sqlite, cs, folder), () =>
        {
            SqliteConnection.ClearAllPools();
            DeleteFolder(folder);
            return Task.CompletedTask;
        });
    }

    /// <summary>A data folder of the test's own (attachments, pickup folder, keys of earlier versions).</summary>
    private static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "helpdesk-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>The admin connection string of the test server (<c>HELPDESK_TEST_POSTGRES</c>; ./test.sh sets it).</summary>
    public static string PostgresAdminConnection =>
        Environment.GetEnvironmentVariable("HELPDESK_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres;Database=postgres";

    private static bool? _postgresAvailable;

    public static async Task<bool> PostgresAvailableAsync()
    {
        if (_postgresAvailable is bool known)
        {
            return known;
        }

        try
        {
            await using var connection = new NpgsqlConnection(PostgresAdminConnection + ";Timeout=3");
            await connection.OpenAsync();
            _postgresAvailable = true;
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            _postgresAvailable = false;
        }

        return _postgresAvailable.Value;
    }

    /// <summary>A new empty database on the test PostgreSQL server; skips or fails (CI) when there is none.</summary>
    public static async Task<TestDatabase> PostgresAsync()
    {
        ServiceRequirement.Require(await PostgresAvailableAsync(), $"PostgreSQL ({new NpgsqlConnectionStringBuilder(PostgresAdminConnection).Host}:{new NpgsqlConnectionStringBuilder(PostgresAdminConnection).Port})");
        var name = "helpdesk_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(PostgresAdminConnection))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var cs = new NpgsqlConnectionStringBuilder(PostgresAdminConnection) { Database = name }.ToString();
        var folder = NewFolder();
        return new TestDatabase(new DatabaseSettings(DatabaseProvider.Postgres, cs, folder), async () =>
        {
            DeleteFolder(folder);
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresAdminConnection);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        });
    }

    /// <summary>The admin connection string of a SQL Server to test on (<c>HELPDESK_TEST_SQLSERVER</c>), if one is given.</summary>
    public static string? SqlServerAdminConnection =>
        Environment.GetEnvironmentVariable("HELPDESK_TEST_SQLSERVER") is { Length: > 0 } cs ? cs : null;

    /// <summary>Why the SQL Server cases skip where no server is given (also under CI: none can run on these machines).</summary>
    public const string NoSqlServer =
        "SQL Server: HELPDESK_TEST_SQLSERVER is not set. No SQL Server engine runs on these machines (Debian packages none, no " +
        "container engine); give a connection string to one to run these cases (README: Testing on SQL Server).";

    /// <summary>A new empty database on the SQL Server that <c>HELPDESK_TEST_SQLSERVER</c> names; skips with
    /// <see cref="NoSqlServer"/> when none is named, fails when the named one cannot be reached.</summary>
#pragma warning disable DAP241 // the database's name is made here from a GUID; names cannot be parameters
    public static async Task<TestDatabase> SqlServerAsync()
    {
        var admin = SqlServerAdminConnection;
        Skip.If(admin is null, NoSqlServer);
        var name = "helpdesk_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new Microsoft.Data.SqlClient.SqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new Microsoft.Data.SqlClient.SqlCommand($"CREATE DATABASE [{name}]", connection);
            await create.ExecuteNonQueryAsync();
        }

        var cs = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(admin) { InitialCatalog = name }.ToString();
        var folder = NewFolder();
        return new TestDatabase(new DatabaseSettings(DatabaseProvider.SqlServer, cs, folder), async () =>
        {
            DeleteFolder(folder);
            Microsoft.Data.SqlClient.SqlConnection.ClearAllPools();
            await using var connection = new Microsoft.Data.SqlClient.SqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new Microsoft.Data.SqlClient.SqlCommand(
                $"IF DB_ID(N'{name}') IS NOT NULL BEGIN ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]; END", connection);
            await drop.ExecuteNonQueryAsync();
        });
    }
#pragma warning restore DAP241

    public static Task<TestDatabase> CreateAsync(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgres => PostgresAsync(),
        DatabaseProvider.SqlServer => SqlServerAsync(),
        _ => Task.FromResult(Sqlite()),
    };

    /// <summary>The three providers, for a theory that runs on each.</summary>
    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.Sqlite, DatabaseProvider.Postgres, DatabaseProvider.SqlServer };

    public async ValueTask DisposeAsync() => await _drop();
}
