using Helpdesk.Core.Domain;
using Helpdesk.Core.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Helpdesk.Infrastructure.Data.Config;

public sealed class SlaCalendarConfiguration : IEntityTypeConfiguration<SlaCalendar>
{
    public void Configure(EntityTypeBuilder<SlaCalendar> builder)
    {
        builder.ToTable("SlaCalendars");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(Limits.NameLength).IsRequired();
        builder.Property(c => c.Json).IsRequired();
        builder.Ignore(c => c.Definition);
        builder.Ignore(c => c.Compiled);
        builder.HasIndex(c => c.Name).IsUnique();
    }
}

public sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    public void Configure(EntityTypeBuilder<SlaPolicy> builder)
    {
        builder.ToTable("SlaPolicies");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(Limits.NameLength).IsRequired();
        builder.HasOne(p => p.Calendar).WithMany().HasForeignKey(p => p.CalendarId).OnDelete(DeleteBehavior.Restrict);
        List(builder.Property(p => p.Priorities));
        List(builder.Property(p => p.Channels));
        List(builder.Property(p => p.OrganizationIds));
        List(builder.Property(p => p.CategoryIds));
        List(builder.Property(p => p.PauseStatuses));
        List(builder.Property(p => p.WarnPercents));
        builder.HasMany(p => p.Targets).WithOne().HasForeignKey(t => t.PolicyId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Targets).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(p => p.LevelActions).WithOne().HasForeignKey(a => a.PolicyId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.LevelActions).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(p => p.Position);
    }

    private static string Join<T>(IReadOnlyList<T> values)
        where T : struct =>
        string.Join(',', values.Select(x => Convert.ToInt32(x, System.Globalization.CultureInfo.InvariantCulture)));

    private static List<T> Split<T>(string text)
        where T : struct =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(x => int.Parse(x, System.Globalization.CultureInfo.InvariantCulture))
            .Select(x => typeof(T).IsEnum ? (T)Enum.ToObject(typeof(T), x) : (T)(object)x)
            .ToList();

    /// <summary>A short list of numbers stored as "1,2,3": read and written whole, never queried inside.</summary>
    internal static void List<T>(PropertyBuilder<IReadOnlyList<T>> property)
        where T : struct
    {
        property.HasConversion(
            new ValueConverter<IReadOnlyList<T>, string>(v => Join(v), v => Split<T>(v)),
            new ValueComparer<IReadOnlyList<T>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)), v => v.ToList()))
            .HasMaxLength(1000)
            .IsRequired();
    }
}

public sealed class SlaTargetConfiguration : IEntityTypeConfiguration<SlaTarget>
{
    public void Configure(EntityTypeBuilder<SlaTarget> builder)
    {
        builder.ToTable("SlaTargets");
        builder.HasKey(t => new { t.PolicyId, t.Metric, t.Priority });
    }
}

public sealed class SlaLevelActionConfiguration : IEntityTypeConfiguration<SlaLevelAction>
{
    public void Configure(EntityTypeBuilder<SlaLevelAction> builder)
    {
        builder.ToTable("SlaLevelActions");
        builder.HasKey(a => new { a.PolicyId, a.Level });
        builder.Property(a => a.Tag).HasMaxLength(Limits.TagLength);
        builder.Property(a => a.AgentId).HasMaxLength(450);
        builder.Ignore(a => a.ChangesTicket);
        builder.Ignore(a => a.IsDefault);
    }
}

public sealed class SlaClockConfiguration : IEntityTypeConfiguration<SlaClock>
{
    public void Configure(EntityTypeBuilder<SlaClock> builder)
    {
        builder.ToTable("SlaClocks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.PolicyName).HasMaxLength(Limits.NameLength).IsRequired();
        builder.Ignore(c => c.IsActive);
        builder.Ignore(c => c.Target);
        builder.Ignore(c => c.Used);
        builder.HasIndex(c => new { c.TicketNumber, c.Metric, c.Cycle }).IsUnique();

        // The sweep reads what is due through this index; recomputation after a policy or calendar change by the others.
        builder.HasIndex(c => c.NextCheckAt);
        builder.HasIndex(c => new { c.PolicyId, c.State });
        // Covers the reports' reads of the clocks started in a period, so they never touch the table.
        builder.HasIndex(c => new { c.StartedAt, c.Metric, c.State, c.UsedTicks, c.ElapsedTicks, c.BreachedAt, c.DueAt }).HasDatabaseName("IX_SlaClocks_Report");
        builder.HasIndex(c => c.BreachedAt);
        builder.HasIndex(c => new { c.CalendarId, c.State });
    }
}

public sealed class SlaEventConfiguration : IEntityTypeConfiguration<SlaEvent>
{
    public void Configure(EntityTypeBuilder<SlaEvent> builder)
    {
        builder.ToTable("SlaEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Detail).HasMaxLength(Limits.AuditValueLength).IsRequired();
        builder.HasIndex(e => new { e.TicketNumber, e.At });
    }
}

public sealed class SlaEscalationConfiguration : IEntityTypeConfiguration<SlaEscalation>
{
    public void Configure(EntityTypeBuilder<SlaEscalation> builder)
    {
        builder.ToTable("SlaEscalations");
        builder.HasKey(e => e.Id);
        builder.Ignore(e => e.IsBreach);

        // Exactly once per clock and level, whatever the number of nodes, retries and crashes.
        builder.HasIndex(e => new { e.TicketNumber, e.Metric, e.Cycle, e.Level }).IsUnique();
    }
}

public sealed class SlaRecomputeRequestConfiguration : IEntityTypeConfiguration<SlaRecomputeRequest>
{
    public void Configure(EntityTypeBuilder<SlaRecomputeRequest> builder)
    {
        builder.ToTable("SlaRecomputeRequests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Cause).HasMaxLength(Limits.AuditValueLength).IsRequired();
        builder.Property(r => r.PreviousCalendars).IsRequired();
        builder.HasIndex(r => r.CompletedAt);
    }
}
