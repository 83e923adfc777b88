using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Microsoft.Extensions.Options;

namespace Helpdesk.Infrastructure.Mail;

/// <summary>The <c>Mail</c> section: who outgoing mail is from and where its links point.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public string FromAddress { get; set; } = "support@helpdesk.localhost";

    public string FromName { get; set; } = "Helpdesk";

    /// <summary>The app's public address, for links in mail (the status page, surveys, unsubscribing).</summary>
    public string BaseUrl { get; set; } = "http://localhost:5000";

    public MailIdentity Identity => new(FromAddress.Trim(), FromName.Trim(), BaseUrl.Trim().TrimEnd('/'));
}

/// <summary>Checks the <c>Mail</c> section at start, naming the setting and what it accepts.</summary>
public sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        var errors = new List<string>();
        if (!EmailAddress.TryCreate(options.FromAddress, out _))
        {
            errors.Add($"Mail:FromAddress \"{options.FromAddress}\" is not an email address; give the address customers see and answer to.");
        }

        if (string.IsNullOrWhiteSpace(options.FromName) || options.FromName.Length > 100 || options.FromName.Any(char.IsControl))
        {
            errors.Add("Mail:FromName must be a name of 1 to 100 characters without line breaks.");
        }

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.Query))
        {
            errors.Add($"Mail:BaseUrl \"{options.BaseUrl}\" is not the app's public address; give one like https://help.example.com.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>The <c>Intake</c> section: limits on received mail and the rules for acknowledging it.</summary>
public sealed class IntakeSettings
{
    public const string Section = "Intake";

    public double MaxMessageMegabytes { get; set; } = 25;

    public double MaxAttachmentMegabytes { get; set; } = 10;

    public double MaxAttachmentMegabytesTotal { get; set; } = 50;

    public int MaxMimeParts { get; set; } = 1000;

    public int MaxMimeDepth { get; set; } = 32;

    public int MaxAttachments { get; set; } = 100;

    public double ProcessingBudgetSeconds { get; set; } = 60;

    public int MaxAttempts { get; set; } = 3;

    public string? AuthServId { get; set; }

    public UnknownSenderPolicy UnknownSender { get; set; } = UnknownSenderPolicy.NewTicket;

    public int AcknowledgementsPerHour { get; set; } = 5;

    public int AcknowledgementsPerHourTotal { get; set; } = 200;

    public bool AcknowledgeUnauthenticated { get; set; }

    public Intake.IntakeLimits Limits => new((long)(MaxMessageMegabytes * 1_048_576), (long)(MaxAttachmentMegabytes * 1_048_576))
    {
        MaxMimeParts = MaxMimeParts,
        MaxMimeDepth = MaxMimeDepth,
        MaxAttachments = MaxAttachments,
        MaxAttachmentBytesTotal = (long)(MaxAttachmentMegabytesTotal * 1_048_576),
        ProcessingBudget = TimeSpan.FromSeconds(ProcessingBudgetSeconds),
        MaxAttempts = MaxAttempts,
        AuthServId = string.IsNullOrWhiteSpace(AuthServId) ? null : AuthServId.Trim(),
    };
}

/// <summary>Checks the <c>Intake</c> section at start, naming the setting and what it accepts.</summary>
public sealed class IntakeSettingsValidator : IValidateOptions<IntakeSettings>
{
    public ValidateOptionsResult Validate(string? name, IntakeSettings o)
    {
        var errors = new List<string>();
        void Range(string key, double value, double min, double max)
        {
            if (double.IsNaN(value) || value < min || value > max)
            {
                errors.Add($"Intake:{key} is {value}; use {min} to {max}.");
            }
        }

        Range(nameof(o.MaxMessageMegabytes), o.MaxMessageMegabytes, 0.001, 1024);
        Range(nameof(o.MaxAttachmentMegabytes), o.MaxAttachmentMegabytes, 0.001, 1024);
        Range(nameof(o.MaxAttachmentMegabytesTotal), o.MaxAttachmentMegabytesTotal, 0.001, 4096);
        Range(nameof(o.MaxMimeParts), o.MaxMimeParts, 1, 100_000);
        Range(nameof(o.MaxMimeDepth), o.MaxMimeDepth, 1, 1000);
        Range(nameof(o.MaxAttachments), o.MaxAttachments, 0, 10_000);
        Range(nameof(o.ProcessingBudgetSeconds), o.ProcessingBudgetSeconds, 0, 3600);
        Range(nameof(o.MaxAttempts), o.MaxAttempts, 1, 100);
        Range(nameof(o.AcknowledgementsPerHour), o.AcknowledgementsPerHour, 0, 10_000);
        Range(nameof(o.AcknowledgementsPerHourTotal), o.AcknowledgementsPerHourTotal, 0, 1_000_000);
        if (!Enum.IsDefined(o.UnknownSender))
        {
            errors.Add($"Intake:UnknownSender is {o.UnknownSender}; use {string.Join(" or ", Enum.GetNames<UnknownSenderPolicy>())}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
