using Helpdesk.Core.Domain;
using Helpdesk.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Helpdesk.Infrastructure.Data.Config;

public sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.ToTable("Webhooks");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Name).HasMaxLength(Webhook.NameLength).IsRequired();
        builder.Property(w => w.Url).HasMaxLength(Webhook.UrlLength).IsRequired();
        builder.Property(w => w.Secret).HasMaxLength(100).IsRequired();
    }
}

public sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Event).HasMaxLength(40).IsRequired();
        builder.Property(d => d.Data).IsRequired();
        builder.Property(d => d.LastResponse).HasMaxLength(WebhookDelivery.ResponseLength);
        builder.Property(d => d.LastError).HasMaxLength(WebhookDelivery.ErrorLength);
        builder.HasOne(d => d.Webhook).WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);

        // A ticket created in the same transaction gives the delivery its number on insert.
        builder.HasOne(d => d.Ticket).WithMany().HasForeignKey(d => d.TicketNumber).OnDelete(DeleteBehavior.SetNull);

        builder.HasIndex(d => new { d.WebhookId, d.EventId }).IsUnique(); // one delivery per event and webhook
        builder.HasIndex(d => new { d.State, d.NextAttemptAt }); // the dispatcher reads only what is due
        builder.HasIndex(d => new { d.WebhookId, d.Id }); // a webhook's page, newest first
    }
}
