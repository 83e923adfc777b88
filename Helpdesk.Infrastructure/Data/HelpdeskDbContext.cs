using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Sla;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Helpdesk.Infrastructure.Data;

/// <summary>
/// The one database of the app: helpdesk tables and Identity's. Each provider has a subclass
/// so that each can carry its own migrations (see docs/decisions/016-ef-migrations-and-sql-server.md).
/// </summary>
public abstract class HelpdeskDbContext(DbContextOptions options) : IdentityDbContext(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET data-protection keys (signed links, antiforgery, cookies), shared by every node of the app.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<TicketMessage> Messages => Set<TicketMessage>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<TicketTag> TicketTags => Set<TicketTag>();

    public DbSet<Attachment> Attachments => Set<Attachment>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Agent> Agents => Set<Agent>();

    public DbSet<Group> Groups => Set<Group>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<SlaCalendar> SlaCalendars => Set<SlaCalendar>();

    public DbSet<SlaPolicy> SlaPolicies => Set<SlaPolicy>();

    public DbSet<SlaClock> SlaClocks => Set<SlaClock>();

    public DbSet<SlaEvent> SlaEvents => Set<SlaEvent>();

    public DbSet<Helpdesk.Core.Mail.OutboxMessage> Outbox => Set<Helpdesk.Core.Mail.OutboxMessage>();

    public DbSet<Helpdesk.Core.Webhooks.Webhook> Webhooks => Set<Helpdesk.Core.Webhooks.Webhook>();

    public DbSet<Helpdesk.Core.Webhooks.WebhookDelivery> WebhookDeliveries => Set<Helpdesk.Core.Webhooks.WebhookDelivery>();

    public DbSet<Helpdesk.Core.Mail.InboundMessage> Inbound => Set<Helpdesk.Core.Mail.InboundMessage>();

    public DbSet<Helpdesk.Infrastructure.Mail.MailboxState> MailboxStates => Set<Helpdesk.Infrastructure.Mail.MailboxState>();

    public abstract DatabaseProvider Provider { get; }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        EnsureClocksFollowed();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        EnsureClocksFollowed();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// A ticket whose SLA clocks have not followed its changes is never committed: that is a write path that bypassed
    /// <see cref="Core.Services.TicketSaver"/> (or, for the engine's own jobs, <see cref="Core.Sla.SlaService"/>).
    /// </summary>
    private void EnsureClocksFollowed()
    {
        if (ChangeTracker.Entries<Ticket>().FirstOrDefault(e => e.State != EntityState.Deleted && e.Entity.ClocksBehind) is { } behind)
        {
            throw new InvalidOperationException(
                $"Ticket #{behind.Entity.Number} changed without its SLA clocks following: save changed tickets through TicketSaver.");
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(HelpdeskDbContext).Assembly);
        // The full-text search's rows come from raw SQL over objects outside the model (docs/decisions/013-search.md).
        builder.Entity<SearchHit>().HasNoKey().ToView(null);
        builder.Entity<MessageHit>().HasNoKey().ToView(null);
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}

public sealed class SqliteHelpdeskDbContext(DbContextOptions<SqliteHelpdeskDbContext> options) : HelpdeskDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no instant type and cannot order or compare DateTimeOffset text; UTC ticks sort and compare exactly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}

public sealed class PostgresHelpdeskDbContext(DbContextOptions<PostgresHelpdeskDbContext> options) : HelpdeskDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Trigram indexes let the queue's substring search (ILIKE '%text%') use an index.
        builder.HasPostgresExtension("pg_trgm");
        builder.Entity<Ticket>().HasIndex(t => t.Subject, "IX_Tickets_Subject_Trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.Entity<Customer>().HasIndex(c => c.Email, "IX_Customers_Email_Trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.Entity<Customer>().HasIndex(c => c.Name, "IX_Customers_Name_Trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

public sealed class SqlServerHelpdeskDbContext(DbContextOptions<SqlServerHelpdeskDbContext> options) : HelpdeskDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // SQL Server refuses two cascading paths from one table to another (error 1785): a group's deletion would reach
        // Tickets directly and through Agents. The agents' group is cleared by EF instead (groups are never deleted by
        // the app today; the rule keeps the schema creatable).
        builder.Entity<Agent>().HasOne(a => a.Group).WithMany().HasForeignKey(a => a.GroupId).OnDelete(DeleteBehavior.ClientSetNull);
    }
}
