using Helpdesk.Core.Mail;

namespace Helpdesk.Core.Ports;

/// <summary>The admins' own words for automatic emails (a row per kind that is not the default).</summary>
public interface IEmailTemplateStore
{
    Task<IReadOnlyList<EmailTemplate>> AllAsync(CancellationToken ct = default);

    Task<EmailTemplate?> FindAsync(EmailTemplateKind kind, string language, CancellationToken ct = default);

    void Add(EmailTemplate template);

    void Remove(EmailTemplate template);

    Task SaveChangesAsync(CancellationToken ct = default);
}
