using Helpdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Helpdesk.Infrastructure.Data.Config;

public sealed class DisruptionConfiguration : IEntityTypeConfiguration<Disruption>
{
    public void Configure(EntityTypeBuilder<Disruption> builder)
    {
        builder.ToTable("Disruptions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Title).HasMaxLength(Limits.SubjectLength).IsRequired();
        SlaPolicyConfiguration.List(builder.Property(d => d.CategoryIds));
        SlaPolicyConfiguration.List(builder.Property(d => d.OrganizationIds));
        SlaPolicyConfiguration.List(builder.Property(d => d.ServiceIds));
        builder.HasIndex(d => d.EndedAt); // the disruptions of a period, for availability
        builder.Ignore(d => d.IsActive);
        builder.HasMany(d => d.Updates).WithOne(u => u.Disruption).HasForeignKey(u => u.DisruptionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(d => d.Updates).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(d => new { d.Status, d.StartedAt });
    }
}

public sealed class DisruptionUpdateConfiguration : IEntityTypeConfiguration<DisruptionUpdate>
{
    public void Configure(EntityTypeBuilder<DisruptionUpdate> builder)
    {
        builder.ToTable("DisruptionUpdates");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Message).HasMaxLength(Limits.NotesLength).IsRequired();
    }
}

public sealed class DisruptionNoticeConfiguration : IEntityTypeConfiguration<DisruptionNotice>
{
    public void Configure(EntityTypeBuilder<DisruptionNotice> builder)
    {
        builder.ToTable("DisruptionNotices");
        builder.HasKey(n => new { n.UpdateId, n.CustomerId });
        builder.HasOne(n => n.Update).WithMany().HasForeignKey(n => n.UpdateId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Customer>().WithMany().HasForeignKey(n => n.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> builder)
    {
        builder.ToTable("Services");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(Limits.NameLength).IsRequired();
        builder.HasIndex(s => s.Name).IsUnique();
        builder.HasOne<Helpdesk.Core.Sla.SlaCalendar>().WithMany().HasForeignKey(s => s.CalendarId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Targets).WithOne(t => t.Service).HasForeignKey(t => t.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Targets).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

public sealed class ServiceTargetConfiguration : IEntityTypeConfiguration<ServiceTarget>
{
    public void Configure(EntityTypeBuilder<ServiceTarget> builder)
    {
        builder.ToTable("ServiceTargets");
        builder.HasKey(t => new { t.ServiceId, t.OrganizationId });
        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.OrganizationId);
    }
}
