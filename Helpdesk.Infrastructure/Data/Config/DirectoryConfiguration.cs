using Helpdesk.Core.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Helpdesk.Infrastructure.Data.Config;

public sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("Customers");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Email).HasMaxLength(Limits.EmailLength).IsRequired();
        builder.Property(c => c.Name).HasMaxLength(Limits.NameLength);
        builder.Property(c => c.Phone).HasMaxLength(Limits.PhoneLength);
        builder.Property(c => c.Notes).HasMaxLength(Limits.NotesLength);
        builder.Property(c => c.BounceReason).HasMaxLength(Limits.ReasonLength);
        builder.Property(c => c.TimeZone).HasMaxLength(TimeZones.IdLength);
        builder.Property(c => c.Language).HasMaxLength(Languages.TagLength);
        builder.Ignore(c => c.DisplayName);
        builder.HasOne(c => c.Organization).WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(c => c.Email).IsUnique();
        builder.HasIndex(c => c.OrganizationId);
        builder.HasIndex(c => c.Name);
    }
}

public sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("Organizations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Name).HasMaxLength(Limits.NameLength).IsRequired();
        builder.HasMany(o => o.Domains).WithOne(d => d.Organization).HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Domains).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Property(o => o.Notes).HasMaxLength(Limits.NotesLength);
        builder.Property(o => o.TimeZone).HasMaxLength(TimeZones.IdLength);
        builder.Property(o => o.Language).HasMaxLength(Languages.TagLength);
        builder.Ignore(o => o.DomainText);
        builder.HasIndex(o => o.Name).IsUnique();
    }
}

public sealed class OrganizationDomainConfiguration : IEntityTypeConfiguration<OrganizationDomain>
{
    public void Configure(EntityTypeBuilder<OrganizationDomain> builder)
    {
        builder.ToTable("OrganizationDomains");
        builder.HasKey(d => new { d.OrganizationId, d.Domain });
        builder.Property(d => d.Domain).HasMaxLength(Limits.DomainLength);
        builder.HasIndex(d => d.Domain); // a new contact's organization, found by its address's domain
    }
}

public sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> builder)
    {
        builder.ToTable("Agents");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(450);
        builder.Property(a => a.DisplayName).HasMaxLength(Limits.NameLength).IsRequired();
        builder.Property(a => a.Email).HasMaxLength(Limits.EmailLength).IsRequired();
        builder.Property(a => a.Language).HasMaxLength(Languages.TagLength);
        builder.HasOne<IdentityUser>().WithOne().HasForeignKey<Agent>(a => a.Id).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.Group).WithMany().HasForeignKey(a => a.GroupId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(a => a.Email).IsUnique();
        builder.HasIndex(a => a.GroupId);
    }
}

public sealed class GroupConfiguration : IEntityTypeConfiguration<Group>
{
    public void Configure(EntityTypeBuilder<Group> builder)
    {
        builder.ToTable("Groups");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Name).HasMaxLength(Limits.NameLength).IsRequired();
        builder.HasIndex(g => g.Name).IsUnique();
    }
}

public sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.ToTable("Categories");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(Limits.NameLength).IsRequired();
        builder.HasIndex(c => c.Name).IsUnique();
    }
}

public sealed class PortalSignInConfiguration : IEntityTypeConfiguration<PortalSignIn>
{
    public void Configure(EntityTypeBuilder<PortalSignIn> builder)
    {
        builder.ToTable("PortalSignIns");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.TokenHash).HasMaxLength(64).IsRequired();
        builder.HasIndex(s => s.TokenHash).IsUnique(); // a link is found by its secret's hash
        builder.HasIndex(s => new { s.CustomerId, s.CreatedAt }); // the per-address limit
        builder.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MonthlyReportRunConfiguration : IEntityTypeConfiguration<MonthlyReportRun>
{
    public void Configure(EntityTypeBuilder<MonthlyReportRun> builder)
    {
        builder.ToTable("MonthlyReportRuns");
        builder.HasKey(r => new { r.OrganizationId, r.Month }); // once per organization and month, whichever node is first
        builder.HasIndex(r => r.Month); // which organizations a month's run has done
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MacroConfiguration : IEntityTypeConfiguration<Macro>
{
    public void Configure(EntityTypeBuilder<Macro> builder)
    {
        builder.ToTable("Macros");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Name).HasMaxLength(Limits.NameLength).IsRequired();
        builder.Property(m => m.OwnerId).HasMaxLength(450);
        builder.Property(m => m.Body).HasMaxLength(Macro.BodyLength).IsRequired();
        builder.Property(m => m.AddTags).HasMaxLength(Limits.NameLength);
        builder.Ignore(m => m.IsShared);
        builder.HasOne<Agent>().WithMany().HasForeignKey(m => m.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Group>().WithMany().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Restrict); // groups are never deleted; one cascade path for SQL Server
        builder.HasIndex(m => new { m.OwnerId, m.Name }); // the agent's list: shared (null) and their own, by name
    }
}

public sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("ApiTokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.AgentId).HasMaxLength(450).IsRequired();
        builder.Property(t => t.Name).HasMaxLength(ApiToken.NameLength).IsRequired();
        builder.Property(t => t.Hash).HasMaxLength(64).IsRequired();
        builder.Property(t => t.Prefix).HasMaxLength(16).IsRequired();
        builder.HasIndex(t => t.Hash).IsUnique(); // every API request finds its token by it
        builder.HasIndex(t => t.AgentId);
        builder.HasOne<Agent>().WithMany().HasForeignKey(t => t.AgentId).OnDelete(DeleteBehavior.Cascade);
    }
}
