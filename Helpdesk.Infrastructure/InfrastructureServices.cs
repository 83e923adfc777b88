using Microsoft.Extensions.DependencyInjection.Extensions;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Mail;
using Helpdesk.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Helpdesk.Infrastructure;

public static class InfrastructureServices
{
    /// <summary>
    /// Registers persistence and the core services. The settings are read from configuration when first
    /// needed, so a host (or a test) can still change configuration or replace <see cref="DatabaseSettings"/>.
    /// </summary>
    public static IServiceCollection AddHelpdeskInfrastructure(this IServiceCollection services, string contentRoot)
    {
        services.AddSingleton(sp => DatabaseSettings.From(sp.GetRequiredService<IConfiguration>(), contentRoot));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AfterCommit>();
        services.TryAddSingleton(Live.LiveOptions.Default);
        services.AddSingleton<Live.LiveFeed>();
        services.AddSingleton<ILiveFeed>(sp => sp.GetRequiredService<Live.LiveFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<Live.LiveFeed>());
        services.AddDbContext<SqliteHelpdeskDbContext>((sp, o) => Configure(o.UseSqlite(sp.GetRequiredService<DatabaseSettings>().ConnectionString)).AddInterceptors(sp.GetRequiredService<AfterCommit>()));
        services.AddDbContext<PostgresHelpdeskDbContext>((sp, o) => Configure(o.UseNpgsql(sp.GetRequiredService<DatabaseSettings>().ConnectionString)).AddInterceptors(sp.GetRequiredService<AfterCommit>()));
        services.AddDbContext<SqlServerHelpdeskDbContext>((sp, o) => Configure(o.UseSqlServer(sp.GetRequiredService<DatabaseSettings>().ConnectionString, SqlServer)).AddInterceptors(sp.GetRequiredService<AfterCommit>()));
        services.AddScoped<HelpdeskDbContext>(sp => sp.GetRequiredService<DatabaseSettings>().Provider switch
        {
            DatabaseProvider.Postgres => sp.GetRequiredService<PostgresHelpdeskDbContext>(),
            DatabaseProvider.SqlServer => sp.GetRequiredService<SqlServerHelpdeskDbContext>(),
            _ => sp.GetRequiredService<SqliteHelpdeskDbContext>(),
        });

        services.AddSingleton<QueryCache>();
        services.AddScoped<IHelpdeskStore, HelpdeskStore>();
        services.AddScoped<ITicketQueries, TicketQueries>();
        services.AddScoped<Helpdesk.Core.Ports.IReportQueries, ReportQueries>();
        services.AddScoped<IDirectoryQueries, DirectoryQueries>();
        services.AddScoped<ISlaStore, SlaStore>();
        services.AddScoped<IStaffDirectory, StaffDirectory>();
        services.AddScoped<SlaService>();
        services.AddScoped<SlaAdminService>();
        services.AddScoped<Helpdesk.Core.Ports.ISlaHistory, SlaHistoryReader>();
        services.AddScoped<Helpdesk.Core.Sla.Simulation.SlaSimulationService>();
        services.AddSingleton<SlaRecomputeService>();
        services.AddSingleton<ISlaRecompute>(sp => sp.GetRequiredService<SlaRecomputeService>());
        services.AddScoped<TicketService>();
        services.AddScoped<BulkService>();
        services.AddScoped<MergeService>();
        services.AddSingleton(sp => new TicketWorkflowOptions(sp.GetRequiredService<IConfiguration>().GetValue("Tickets:AssignOnReply", true)));
        services.AddScoped<DirectoryService>();
        services.AddScoped<IDisruptionStore, DisruptionStore>();
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetValue<double?>("Disruptions:NoticeWindowMinutes") is { } minutes
            ? new DisruptionNoticeOptions(TimeSpan.FromMinutes(Math.Max(0, minutes)))
            : DisruptionNoticeOptions.Default);
        services.AddScoped<IPortalStore, PortalStore>();
        services.AddScoped<IServiceStore, ServiceStore>();
        services.AddScoped<IMonthlyReportStore, MonthlyReportStore>();
        services.AddScoped<IMacroStore, MacroStore>();
        services.AddScoped<Helpdesk.Core.Macros.MacroService>();
        services.AddScoped<IAutomationStore, AutomationStore>();
        services.AddScoped<Helpdesk.Core.Automations.AutomationService>();
        services.AddScoped<Helpdesk.Core.Automations.AutomationAdmin>();
        services.AddScoped<Helpdesk.Core.Reports.MonthlyReports>();
        services.AddScoped<Helpdesk.Core.Reports.MonthlyReportMailer>();
        services.AddScoped<ServiceCatalog>();
        services.AddScoped<Helpdesk.Core.Availability.AvailabilityReport>();
        services.AddScoped<IConversationHistory, ConversationHistory>();
        services.AddScoped<PortalService>();
        services.AddScoped<DisruptionService>();
        services.AddSingleton(sp =>
        {
            var section = sp.GetRequiredService<IConfiguration>().GetSection("Satisfaction");
            return new SatisfactionOptions(section.GetValue("Enabled", true), TimeSpan.FromDays(Math.Max(1, section.GetValue("LinkValidDays", 30))));
        });
        services.AddScoped<SatisfactionService>();
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MailOptions>>().Value.Identity);
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>()["Display:TimeZone"] is { Length: > 0 } zone
            ? new DisplayZone(TimeZones.Find(zone))
            : DisplayZone.Utc);
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>()["Localization:DefaultLanguage"] is { Length: > 0 } language
            ? Languages.Normalize(language) is { } known && known == language.Trim()
                ? new DefaultLanguage(known)
                : throw new InvalidOperationException($"Localization:DefaultLanguage is \"{language}\"; use en or pt-PT.")
            : DefaultLanguage.English);
        services.AddOptions<DkimOptions>().BindConfiguration(DkimOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DkimOptions>, DkimOptionsValidator>();
        services.AddSingleton<IMessageWriter, MimeKitMessageWriter>();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();
        services.AddSingleton<IMailSender>(sp =>
        {
            var smtp = sp.GetRequiredService<IOptions<SmtpOptions>>().Value;
            return string.IsNullOrWhiteSpace(smtp.Host)
                ? new PickupFolderSender(Path.Combine(sp.GetRequiredService<DatabaseSettings>().DataPath, "mail-pickup"))
                : new SmtpSender(smtp);
        });
        services.AddScoped<IOutboxStore, OutboxStore>();
        services.AddSingleton(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<SmtpOptions>>().Value.Host)
            ? new OutboxLease(TimeSpan.FromMinutes(1)) // a file written to the pickup folder
            : OutboxLease.ForTimeout(TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<SmtpOptions>>().Value.TimeoutSeconds)));
        services.AddScoped<OutboxDispatcher>();
        services.AddSingleton<EmailTemplates>();
        services.AddScoped<IEmailTemplateStore, EmailTemplateStore>();
        services.AddSingleton<EmailTemplateSync>();
        services.AddHostedService(sp => sp.GetRequiredService<EmailTemplateSync>());
        services.AddScoped<MailComposer>();
        services.AddScoped<TicketSaver>();
        services.AddScoped<IOutboxAdmin, OutboxAdmin>();
        services.AddSingleton<IOutboxNudge, Helpdesk.Infrastructure.Jobs.OutboxNudge>();

        // Webhooks: deliveries written with the change (WebhookPublisher), sent after it (WebhookDispatcher).
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Webhooks").Get<Webhooks.WebhookOptions>() ?? new Webhooks.WebhookOptions());
        services.AddSingleton<Webhooks.WebhookHttp>();
        services.AddScoped<Webhooks.WebhookPublisher>();
        services.AddScoped<IWebhookPublisher>(sp => sp.GetRequiredService<Webhooks.WebhookPublisher>());
        services.AddScoped<Webhooks.WebhookDispatcher>();
        services.AddScoped<Webhooks.WebhookAdmin>();
        services.AddSingleton<Webhooks.WebhookNudge>();
        services.AddSingleton(sp => new AttachmentStore(
            Path.Combine(sp.GetRequiredService<DatabaseSettings>().Shared, "attachments"), sp.GetRequiredService<TimeProvider>()));

        // Mail in: the mailboxes, the intake pipeline and its rules.
        services.AddOptions<Mail.Intake.MailboxList>()
            .Configure<IConfiguration>((list, configuration) => list.Mailboxes = Mail.Intake.MailboxOptions.From(configuration))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<Mail.Intake.MailboxList>, Mail.Intake.MailboxListValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<Mail.Intake.MailboxList>>().Value.Mailboxes);
        services.AddOptions<IntakeSettings>().BindConfiguration(IntakeSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IntakeSettings>, IntakeSettingsValidator>();
        services.AddSingleton(sp =>
        {
            var intake = sp.GetRequiredService<IOptions<IntakeSettings>>().Value;
            var own = sp.GetRequiredService<IReadOnlyList<Mail.Intake.MailboxOptions>>()
                .SelectMany(m => new[] { m.Address, m.UserName })
                .Append(sp.GetRequiredService<MailIdentity>().FromAddress)
                .Where(a => a is not null && a.Contains('@', StringComparison.Ordinal))
                .Select(a => a!.Trim().ToLowerInvariant()).Distinct().ToList();
            return new IntakeOptions
            {
                OwnAddresses = own,
                UnknownSender = intake.UnknownSender,
                AcknowledgementsPerHour = intake.AcknowledgementsPerHour,
                AcknowledgementsPerHourTotal = intake.AcknowledgementsPerHourTotal,
                AcknowledgeUnauthenticated = intake.AcknowledgeUnauthenticated,
            };
        });
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<IntakeSettings>>().Value.Limits);
        services.AddSingleton<Mail.Imap.OpenMailbox>(sp => mailbox => new Mail.Imap.MailKitMailboxReader(mailbox, sp.GetRequiredService<Mail.Intake.IntakeLimits>()));
        services.AddSingleton(sp => new Mail.Intake.RawMailStore(Path.Combine(sp.GetRequiredService<DatabaseSettings>().Shared, "mail-raw")));
        services.AddScoped<IInboundStore, Mail.Intake.InboundStore>();
        services.AddScoped<MailIntakeService>();
        services.AddScoped<Mail.Intake.InboundMailProcessor>();
        return services;
    }

    /// <summary>Builds a context outside DI (verbs, tests, benchmarks).</summary>
    public static HelpdeskDbContext CreateContext(DatabaseSettings settings, params IInterceptor[] interceptors) => settings.Provider switch
    {
        DatabaseProvider.Postgres => new PostgresHelpdeskDbContext(
            Configure(new DbContextOptionsBuilder<PostgresHelpdeskDbContext>().UseNpgsql(settings.ConnectionString)).AddInterceptors(interceptors).Options),
        DatabaseProvider.SqlServer => new SqlServerHelpdeskDbContext(
            Configure(new DbContextOptionsBuilder<SqlServerHelpdeskDbContext>().UseSqlServer(settings.ConnectionString, SqlServer)).AddInterceptors(interceptors).Options),
        _ => new SqliteHelpdeskDbContext(
            Configure(new DbContextOptionsBuilder<SqliteHelpdeskDbContext>().UseSqlite(settings.ConnectionString)).AddInterceptors(interceptors).Options),
    };

    /// <summary>SQL Server's options: transient faults (failover, throttling) are retried (<see cref="SqlServerRetries"/>).</summary>
    private static void SqlServer(Microsoft.EntityFrameworkCore.Infrastructure.SqlServerDbContextOptionsBuilder sql) =>
        // SQL Server 2019 (compatibility level 150) and later, Azure SQL included.
        sql.ExecutionStrategy(d => new SqlServerRetries(d)).UseCompatibilityLevel(150);

    // Each provider's migrations carry a model snapshot: a model change without its migration stops `migrate` with
    // EF's PendingModelChangesWarning (an error by default), as it should.
    private static T Configure<T>(T options)
        where T : DbContextOptionsBuilder => options;
}
