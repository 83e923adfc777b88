using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Helpdesk.Infrastructure.Data.Config;

public sealed class OutboxConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("Outbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.MessageId).HasMaxLength(300).IsRequired();
        builder.Property(m => m.To).HasMaxLength(2000).IsRequired();
        builder.Property(m => m.Cc).HasMaxLength(2000);
        builder.Property(m => m.Subject).HasMaxLength(1000).IsRequired();
        builder.Property(m => m.Body).IsRequired();
        builder.Property(m => m.InReplyTo).HasMaxLength(300);
        builder.Property(m => m.References).HasMaxLength(4000);
        builder.Property(m => m.LastError).HasMaxLength(Limits.AuditValueLength);
        builder.Ignore(m => m.Recipients);
        builder.HasIndex(m => m.MessageId).IsUnique();

        // The dispatcher reads only what is due.
        builder.HasIndex(m => new { m.State, m.NextAttemptAt });
        builder.HasIndex(m => m.TicketNumber);
    }
}
