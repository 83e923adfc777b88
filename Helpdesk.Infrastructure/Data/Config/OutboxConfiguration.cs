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
        builder.Property(m => m.ListUnsubscribe).HasMaxLength(1000);
        builder.Property(m => m.LastError).HasMaxLength(Limits.AuditValueLength);
        builder.Ignore(m => m.Recipients);
        builder.HasIndex(m => m.MessageId).IsUnique();

        // The dispatcher reads only what is due.
        builder.HasIndex(m => new { m.State, m.NextAttemptAt });
        builder.HasIndex(m => m.TicketNumber);
        builder.HasIndex(m => new { m.DisruptionId, m.SentAt }); // the notices of a disruption a new update may merge with

        // The intake's overall cap counts the acknowledgements of the last hour.
        builder.HasIndex(m => new { m.Kind, m.CreatedAt });
    }
}

public sealed class InboundMessageConfiguration : IEntityTypeConfiguration<InboundMessage>
{
    public void Configure(EntityTypeBuilder<InboundMessage> builder)
    {
        builder.ToTable("InboundMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Mailbox).HasMaxLength(100).IsRequired();
        builder.Property(m => m.MessageId).HasMaxLength(Limits.MessageIdLength).IsRequired();
        builder.Property(m => m.ContentHash).HasMaxLength(64).IsRequired();
        builder.Property(m => m.RawKey).HasMaxLength(300).IsRequired();
        builder.Property(m => m.From).HasMaxLength(Limits.EmailLength);
        builder.Property(m => m.Subject).HasMaxLength(Limits.SubjectLength);
        builder.Property(m => m.Outcome).HasMaxLength(Limits.ReasonLength);

        // Exactly once: one row per mailbox, Message-ID and content.
        builder.HasIndex(m => new { m.Mailbox, m.MessageId, m.ContentHash }).IsUnique();
        builder.HasIndex(m => m.MessageId);
        builder.HasIndex(m => new { m.From, m.ReceivedAt });
        builder.HasIndex(m => new { m.State, m.ReceivedAt });
    }
}

public sealed class MailboxStateConfiguration : IEntityTypeConfiguration<Helpdesk.Infrastructure.Mail.MailboxState>
{
    public void Configure(EntityTypeBuilder<Helpdesk.Infrastructure.Mail.MailboxState> builder)
    {
        builder.ToTable("MailboxStates");
        builder.HasKey(m => m.Mailbox);
        builder.Property(m => m.Mailbox).HasMaxLength(100);
        builder.Property(m => m.LastError).HasMaxLength(Limits.ReasonLength);
    }
}
