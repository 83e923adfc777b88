using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Helpdesk.Infrastructure.Data;

/// <summary>
/// Where the data lives, resolved once from configuration: <c>Database:Provider</c>,
/// <c>ConnectionStrings:Helpdesk</c>, <c>Storage:DataPath</c> (this node's files) and <c>Storage:SharedPath</c> (the files
/// every node must read: attachments and received mail; by default inside the data path).
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, string DataPath, string? SharedPath = null)
{
    /// <summary>Where attachments and received mail are kept: a folder every node mounts when there are several.</summary>
    public string Shared => SharedPath ?? DataPath;

    public static DatabaseSettings From(IConfiguration configuration, string contentRoot)
    {
        var dataPath = configuration["Storage:DataPath"];
        dataPath = Path.GetFullPath(string.IsNullOrWhiteSpace(dataPath) ? "data" : dataPath, contentRoot);

        var providerText = configuration["Database:Provider"];
        DatabaseProvider provider;
        if (string.IsNullOrWhiteSpace(providerText))
        {
            provider = DatabaseProvider.Sqlite;
        }
        else if (!Enum.TryParse(providerText, ignoreCase: true, out provider) || !Enum.IsDefined(provider))
        {
            throw new InvalidOperationException($"Database:Provider is '{providerText}'; use 'Sqlite', 'Postgres' or 'SqlServer'.");
        }

        var connectionString = configuration.GetConnectionString("Helpdesk");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider != DatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException($"Database:Provider is {provider} but ConnectionStrings:Helpdesk is not set.");
            }

            connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(dataPath, "helpdesk.db"),
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
        }

        var shared = configuration["Storage:SharedPath"];
        return new DatabaseSettings(provider, connectionString, dataPath, string.IsNullOrWhiteSpace(shared) ? null : Path.GetFullPath(shared, contentRoot));
    }

    /// <summary>The connection string with any password masked, for logs.</summary>
    public string Describe()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return "SQLite " + new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        }

        if (Provider == DatabaseProvider.SqlServer)
        {
            var sql = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(ConnectionString);
            return $"SQL Server {sql.DataSource}/{sql.InitialCatalog}";
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Password = null };
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }
}
