using Helpdesk.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Helpdesk.Infrastructure.Data;

public sealed class EmailTemplateConfiguration : IEntityTypeConfiguration<EmailTemplate>
{
    public void Configure(EntityTypeBuilder<EmailTemplate> builder)
    {
        builder.ToTable("EmailTemplates");
        builder.HasKey(t => new { t.Kind, t.Language });
        builder.Property(t => t.Kind).ValueGeneratedNever();
        builder.Property(t => t.Language).HasMaxLength(Helpdesk.Core.Domain.Languages.TagLength);
        builder.Property(t => t.Subject).HasMaxLength(EmailTemplate.SubjectLength).IsRequired();
        builder.Property(t => t.Body).HasMaxLength(EmailTemplate.BodyLength).IsRequired();
        builder.Property(t => t.UpdatedBy).HasMaxLength(200).IsRequired();
        builder.Property(t => t.LastError).HasMaxLength(1000);
    }
}

/// <summary>
/// Keeps <see cref="EmailTemplates"/> (what composing mail reads) in step with the <c>EmailTemplates</c> table: at start,
/// every half minute (another node's change) and at once after a change here; and writes down, outside any business
/// transaction, the templates that failed to render, for the admin page.
/// </summary>
public sealed class EmailTemplateSync(IServiceScopeFactory scopes, EmailTemplates templates, TimeProvider time, ILogger<EmailTemplateSync> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(30);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReloadAsync(cancellationToken); // before the first request composes anything
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The email templates could not be read at start; the defaults are used until they can.");
        }

        await base.StartAsync(cancellationToken);
    }

    /// <summary>Reads the templates again (after an admin saved one here).</summary>
    public async Task ReloadAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>().Set<EmailTemplate>().AsNoTracking().ToListAsync(ct);
        templates.Use(rows.ToDictionary(r => (r.Kind, r.Language), r => (r.Subject, r.Body)));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = time.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                await RecordFailuresAsync(stoppingToken);
                if (time.GetElapsedTime(last) >= Every)
                {
                    last = time.GetTimestamp();
                    await ReloadAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Email templates: could not reach the database; trying again.");
            }
        }
    }

    /// <summary>Each failure noted on its template, the last one kept.</summary>
    public async Task RecordFailuresAsync(CancellationToken ct = default)
    {
        var failures = templates.Failed();
        if (failures.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        foreach (var (kind, language, error) in failures.GroupBy(f => (f.Kind, f.Language)).Select(g => g.Last()))
        {
            logger.LogWarning("The {Kind} email template did not render ({Error}); the default was sent instead.", kind, error);
            var clipped = error.Length > 1000 ? error[..1000] : error;
            var now = time.GetUtcNow();
            await db.Set<EmailTemplate>().Where(t => t.Kind == kind && t.Language == language)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.LastError, clipped).SetProperty(t => t.LastErrorAt, now), ct);
        }
    }
}

public sealed class EmailTemplateStore(HelpdeskDbContext db) : Helpdesk.Core.Ports.IEmailTemplateStore
{
    public async Task<IReadOnlyList<EmailTemplate>> AllAsync(CancellationToken ct = default) => await db.Set<EmailTemplate>().ToListAsync(ct);

    public Task<EmailTemplate?> FindAsync(EmailTemplateKind kind, string language, CancellationToken ct = default) =>
        db.Set<EmailTemplate>().FirstOrDefaultAsync(t => t.Kind == kind && t.Language == language, ct);

    public void Add(EmailTemplate template) => db.Set<EmailTemplate>().Add(template);

    public void Remove(EmailTemplate template) => db.Set<EmailTemplate>().Remove(template);

    public Task SaveChangesAsync(CancellationToken ct = default) => db.SaveChangesAsync(ct);
}
