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
