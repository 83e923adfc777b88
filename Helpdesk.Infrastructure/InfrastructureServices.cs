using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Infrastructure;

public static class InfrastructureServices
{
    public static IServiceCollection AddHelpdeskInfrastructure(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        switch (settings.Provider)
        {
            case DatabaseProvider.Postgres:
                services.AddDbContext<HelpdeskDbContext, PostgresHelpdeskDbContext>(o => Configure(o.UseNpgsql(settings.ConnectionString)));
                break;
            default:
                services.AddDbContext<HelpdeskDbContext, SqliteHelpdeskDbContext>(o => Configure(o.UseSqlite(settings.ConnectionString)));
                break;
        }

        services.AddScoped<IHelpdeskStore, HelpdeskStore>();
        services.AddScoped<ITicketQueries, TicketQueries>();
        services.AddScoped<IDirectoryQueries, DirectoryQueries>();
        services.AddScoped<TicketService>();
        services.AddScoped<DirectoryService>();
        services.AddSingleton(sp => new AttachmentStore(Path.Combine(settings.DataPath, "attachments"), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Builds a context outside DI (verbs, tests, benchmarks).</summary>
    public static HelpdeskDbContext CreateContext(DatabaseSettings settings) => settings.Provider switch
    {
        DatabaseProvider.Postgres => new PostgresHelpdeskDbContext(
            Configure(new DbContextOptionsBuilder<PostgresHelpdeskDbContext>().UseNpgsql(settings.ConnectionString)).Options),
        _ => new SqliteHelpdeskDbContext(
            Configure(new DbContextOptionsBuilder<SqliteHelpdeskDbContext>().UseSqlite(settings.ConnectionString)).Options),
    };

    private static T Configure<T>(T options)
        where T : DbContextOptionsBuilder
    {
        // Migrations are frozen SQL without a model snapshot; the schema test checks them against the model instead.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        return options;
    }
}
