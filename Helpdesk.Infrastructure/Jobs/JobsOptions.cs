using System.Globalization;
using Microsoft.Extensions.Options;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>The <c>Jobs</c> section: whether this node runs the scheduled work, and how often each job looks.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>False starts a web-only node: another node (on PostgreSQL) does the scheduled work.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the outbox dispatcher looks for mail to send (besides the nudge after each commit).</summary>
    public int OutboxSeconds { get; set; } = 5;

    /// <summary>How often the webhook dispatcher looks for due deliveries (besides the nudge after each commit that wrote one).</summary>
    public int WebhookSeconds { get; set; } = 10;

    /// <summary>How often the SLA sweep brings due clocks up to date.</summary>
    public int SweepSeconds { get; set; } = 30;

    /// <summary>How often the mailboxes are read.</summary>
    public int MailboxSeconds { get; set; } = 60;

    /// <summary>How often open SLA recompute requests are looked for (a calendar or policy change also queues a run at once).</summary>
    public int RecomputeSeconds { get; set; } = 30;

    /// <summary>How often the monthly SLA reports are looked for (they go out once the month's first business day begins).</summary>
    public int ReportsSeconds { get; set; } = 3600;

    /// <summary>How often the automations look for tickets that are due.</summary>
    public int AutomationsSeconds { get; set; } = 300;

    /// <summary>How often the job server looks for due schedules and queued jobs (Hangfire's polling intervals).</summary>
    public int PollSeconds { get; set; } = 1;

    /// <summary>Jobs this node runs at once.</summary>
    public int Workers { get; set; } = 4;

    /// <summary>
    /// How long a job's lock is honoured when the node holding it stops without releasing it (killed): after that,
    /// another node may run the job. The work itself stays exactly-once in the app's database.
    /// </summary>
    public int LockSeconds { get; set; } = 30;

    /// <summary>A six-field cron (seconds first) that fires every <paramref name="seconds"/>: a divisor of a minute, or
    /// whole minutes dividing an hour, or one hour; null for anything else.</summary>
    public static string? Cron(int seconds) => seconds switch
    {
        1 => "* * * * * *",
        > 1 and < 60 when 60 % seconds == 0 => string.Create(CultureInfo.InvariantCulture, $"*/{seconds} * * * * *"),
        60 => "0 * * * * *",
        > 60 and < 3600 when seconds % 60 == 0 && 60 % (seconds / 60) == 0 => string.Create(CultureInfo.InvariantCulture, $"0 */{seconds / 60} * * * *"),
        3600 => "0 0 * * * *",
        _ => null,
    };
}

/// <summary>Checks the <c>Jobs</c> section at start, naming the setting and what it accepts.</summary>
public sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var errors = new List<string>();
        foreach (var (key, value) in new[] { ("OutboxSeconds", options.OutboxSeconds), ("WebhookSeconds", options.WebhookSeconds), ("SweepSeconds", options.SweepSeconds), ("MailboxSeconds", options.MailboxSeconds), ("RecomputeSeconds", options.RecomputeSeconds), ("ReportsSeconds", options.ReportsSeconds), ("AutomationsSeconds", options.AutomationsSeconds) })
        {
            if (JobsOptions.Cron(value) is null)
            {
                errors.Add($"Jobs:{key} is {value}; use a number of seconds that divides a minute (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30), whole minutes that divide an hour (60, 120, …, 1800), or 3600.");
            }
        }

        if (options.PollSeconds is < 1 or > 60)
        {
            errors.Add($"Jobs:PollSeconds is {options.PollSeconds}; use 1 to 60.");
        }

        if (options.Workers is < 1 or > 64)
        {
            errors.Add($"Jobs:Workers is {options.Workers}; use 1 to 64.");
        }

        if (options.LockSeconds is < 5 or > 3600)
        {
            errors.Add($"Jobs:LockSeconds is {options.LockSeconds}; use 5 to 3600.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
