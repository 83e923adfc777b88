using Helpdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Helpdesk.Infrastructure.Data.Config;

public sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.ToTable("Tickets");
        builder.HasKey(t => t.Number);
        builder.Property(t => t.Number).ValueGeneratedOnAdd();
        builder.Property(t => t.Subject).HasMaxLength(Limits.SubjectLength).IsRequired();
        builder.Property(t => t.AssigneeId).HasMaxLength(450);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasMany(t => t.Cc).WithOne(c => c.Ticket).HasForeignKey(c => c.TicketNumber).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(t => t.Cc).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(t => t.CcAddresses);
        builder.HasIndex(t => t.DisruptionId);
        builder.HasIndex(t => t.SolvedAt);
        builder.HasIndex(t => new { t.Status, t.CreatedAt });
        builder.HasIndex(t => new { t.Status, t.StatusChangedAt }); // automations: in a status since …
        builder.Property(t => t.SatisfactionComment).HasMaxLength(Limits.SatisfactionCommentLength);
        // Satisfaction reports: the surveys of a period counted by answer and SLA outcome, and the latest answers, from the index alone.
        builder.HasIndex(t => new { t.SurveySentAt, t.Satisfaction, t.SurveySlaMet, t.SatisfactionAt }).HasDatabaseName("IX_Tickets_Surveys");

        builder.HasOne(t => t.Requester).WithMany().HasForeignKey(t => t.RequesterId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(t => t.Organization).WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(t => t.Assignee).WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(t => t.Group).WithMany().HasForeignKey(t => t.GroupId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(t => t.Category).WithMany().HasForeignKey(t => t.CategoryId).OnDelete(DeleteBehavior.SetNull);

        builder.HasMany(t => t.Messages).WithOne(m => m.Ticket).HasForeignKey(m => m.TicketNumber).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.AuditTrail).WithOne(a => a.Ticket).HasForeignKey(a => a.TicketNumber).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Tags).WithOne(x => x.Ticket).HasForeignKey(x => x.TicketNumber).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(t => t.Messages).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(t => t.AuditTrail).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(t => t.Tags).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(t => t.TagNames);
        builder.HasMany(t => t.SlaClocks).WithOne(c => c.Ticket).HasForeignKey(c => c.TicketNumber).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.SlaEvents).WithOne(e => e.Ticket).HasForeignKey(e => e.TicketNumber).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(t => t.SlaClocks).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(t => t.SlaEvents).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(t => t.SlaEscalations).WithOne(e => e.Ticket).HasForeignKey(e => e.TicketNumber).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(t => t.SlaEscalations).UsePropertyAccessMode(PropertyAccessMode.Field);

        // One index per queue view: the filter columns first, the default sort last.
        builder.HasIndex(t => new { t.Status, t.UpdatedAt });
        builder.HasIndex(t => new { t.AssigneeId, t.Status, t.UpdatedAt });
        builder.HasIndex(t => new { t.GroupId, t.Status, t.UpdatedAt });
        builder.HasIndex(t => new { t.Priority, t.Status, t.UpdatedAt });
        builder.HasIndex(t => new { t.RequesterId, t.CreatedAt });
        builder.HasIndex(t => new { t.OrganizationId, t.CreatedAt });
        builder.HasIndex(t => t.CategoryId);
        builder.HasIndex(t => t.Subject);

        // "Most urgent first": the due moment of the most urgent running clock, ties by number, read in index order; the
        // status rides along so that the "SLA breached" count (due passed, unsolved) is read from the index alone.
        builder.HasIndex(t => new { t.SlaDueAt, t.Number, t.Status });
        // The "at risk" count: warning passed, due still ahead, from the index alone.
        builder.HasIndex(t => new { t.SlaWarnAt, t.SlaDueAt });
        builder.HasIndex(t => new { t.AssigneeId, t.SlaDueAt });
        builder.HasIndex(t => t.CreatedAt);
        builder.HasIndex(t => t.UpdatedAt);
    }
}

public sealed class TicketMessageConfiguration : IEntityTypeConfiguration<TicketMessage>
{
    public void Configure(EntityTypeBuilder<TicketMessage> builder)
    {
        builder.ToTable("TicketMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.AuthorName).HasMaxLength(Limits.NameLength).IsRequired();
        builder.Property(m => m.AuthorAgentId).HasMaxLength(450);
        builder.Property(m => m.Body).IsRequired();
        builder.Property(m => m.MessageId).HasMaxLength(Limits.MessageIdLength);
        builder.Ignore(m => m.IsInternal);
        builder.HasIndex(m => m.MessageId); // threading: replies name the Message-ID of a message we received
        builder.HasMany(m => m.Attachments).WithOne(a => a.Message).HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.Attachments).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(m => new { m.TicketNumber, m.CreatedAt });
    }
}

public sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.ToTable("Attachments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.FileName).HasMaxLength(Limits.FileNameLength).IsRequired();
        builder.Property(a => a.ContentType).HasMaxLength(Limits.ContentTypeLength).IsRequired();
        builder.Property(a => a.StorageKey).HasMaxLength(300).IsRequired();
        builder.Property(a => a.ContentId).HasMaxLength(300);
        builder.Ignore(a => a.IsInlineImage);
        builder.HasIndex(a => a.MessageId);
    }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.ActorId).HasMaxLength(450);
        builder.Property(a => a.ActorName).HasMaxLength(Limits.NameLength).IsRequired();
        builder.Property(a => a.Field).HasMaxLength(50).IsRequired();
        builder.Property(a => a.OldValue).HasMaxLength(Limits.AuditValueLength);
        builder.Property(a => a.NewValue).HasMaxLength(Limits.AuditValueLength);
        builder.HasIndex(a => new { a.TicketNumber, a.At });
    }
}

public sealed class TicketTagConfiguration : IEntityTypeConfiguration<TicketTag>
{
    public void Configure(EntityTypeBuilder<TicketTag> builder)
    {
        builder.ToTable("TicketTags");
        builder.HasKey(t => new { t.TicketNumber, t.Name });
        builder.Property(t => t.Name).HasMaxLength(Limits.TagLength);
        builder.HasIndex(t => t.Name);
    }
}

public sealed class TicketCcConfiguration : IEntityTypeConfiguration<TicketCc>
{
    public void Configure(EntityTypeBuilder<TicketCc> builder)
    {
        builder.ToTable("TicketCc");
        builder.HasKey(c => new { c.TicketNumber, c.Address });
        builder.Property(c => c.Address).HasMaxLength(Limits.EmailLength);
        builder.HasIndex(c => c.Address); // the tickets an address is on
    }
}
