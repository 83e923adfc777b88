using Helpdesk.Core.Domain;
using Helpdesk.Core.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Helpdesk.Infrastructure.Data.Config;

public sealed class AutomationConfiguration : IEntityTypeConfiguration<Automation>
{
    public void Configure(EntityTypeBuilder<Automation> builder)
    {
        builder.ToTable("Automations");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Name).HasMaxLength(Limits.NameLength).IsRequired();
        builder.Property(a => a.WithTag).HasMaxLength(Limits.TagLength);
        builder.Property(a => a.WithoutTag).HasMaxLength(Limits.TagLength);
        builder.Property(a => a.AddTags).HasMaxLength(Limits.NameLength);
        builder.Property(a => a.EmailSubject).HasMaxLength(Limits.SubjectLength);
        builder.Property(a => a.EmailBody).HasMaxLength(Automation.TemplateLength);
        builder.Property(a => a.EmailSubjectPt).HasMaxLength(Limits.SubjectLength);
        builder.Property(a => a.EmailBodyPt).HasMaxLength(Automation.TemplateLength);
        builder.Property(a => a.Note).HasMaxLength(Automation.TemplateLength);
        builder.Ignore(a => a.Emails);
        builder.HasOne<SlaCalendar>().WithMany().HasForeignKey(a => a.CalendarId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Group>().WithMany().HasForeignKey(a => a.GroupId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class AutomationRunConfiguration : IEntityTypeConfiguration<AutomationRun>
{
    public void Configure(EntityTypeBuilder<AutomationRun> builder)
    {
        builder.ToTable("AutomationRuns");
        builder.HasKey(r => r.Id);
        // Once per ticket and occurrence of the event: a second node's copy of the same run is refused here.
        builder.HasIndex(r => new { r.AutomationId, r.TicketNumber, r.EventAt }).IsUnique();
        builder.HasIndex(r => r.RanAt);
        builder.HasOne<Automation>().WithMany().HasForeignKey(r => r.AutomationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(r => r.TicketNumber).OnDelete(DeleteBehavior.Cascade);
    }
}
