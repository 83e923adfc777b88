using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Helpdesk.Infrastructure.Data;

// What `dotnet ef` builds to make a provider's migrations (docs/decisions/016-ef-migrations-and-sql-server.md). Making a migration never
// connects; the connection strings only name a provider. The app itself builds its contexts from configuration.

public sealed class SqliteDesignTimeContext : IDesignTimeDbContextFactory<SqliteHelpdeskDbContext>
{
    public SqliteHelpdeskDbContext CreateDbContext(string[] args) =>
        (SqliteHelpdeskDbContext)InfrastructureServices.CreateContext(new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=design-time.db", "."));
}

public sealed class PostgresDesignTimeContext : IDesignTimeDbContextFactory<PostgresHelpdeskDbContext>
{
    public PostgresHelpdeskDbContext CreateDbContext(string[] args) =>
        (PostgresHelpdeskDbContext)InfrastructureServices.CreateContext(new DatabaseSettings(DatabaseProvider.Postgres, "Host=localhost;Database=helpdesk", "."));
}

public sealed class SqlServerDesignTimeContext : IDesignTimeDbContextFactory<SqlServerHelpdeskDbContext>
{
    public SqlServerHelpdeskDbContext CreateDbContext(string[] args) =>
        (SqlServerHelpdeskDbContext)InfrastructureServices.CreateContext(new DatabaseSettings(DatabaseProvider.SqlServer, "Server=localhost;Database=helpdesk;Integrated Security=true;TrustServerCertificate=true", "."));
}
