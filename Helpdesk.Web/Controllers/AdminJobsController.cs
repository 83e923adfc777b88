using Helpdesk.Web.Presentation;
using Hangfire;
using Hangfire.Storage;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Jobs;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Helpdesk.Web.Controllers;

/// <summary>
/// What Hangfire's dashboard does not show in the app's words: the job servers, each scheduled job's last outcome,
/// what failed, and the outbox (retry or discard undeliverable mail). The dashboard (<c>/admin/hangfire</c>) has the rest.
/// </summary>
[Route("admin/jobs")]
[Authorize(Roles = Roles.Admin)]
public sealed class AdminJobsController(IOutboxAdmin outbox, IServiceProvider services, IOptions<JobsOptions> options, DatabaseSettings database) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var model = new JobsViewModel { Outbox = await outbox.SummaryAsync(ct) };
        if (options.Value.Enabled && services.GetService<JobStorage>() is { } storage)
        {
            model.JobsOn = true;
            model.Storage = database.Provider switch
            {
                DatabaseProvider.Postgres => "PostgreSQL, shared by every node with jobs on: each run happens on one of them",
                DatabaseProvider.SqlServer => "SQL Server, shared by every node with jobs on: each run happens on one of them",
                _ => "a SQLite file beside the database, for this one node",
            };
            var monitoring = storage.GetMonitoringApi();
            var me = $"{Environment.MachineName}:{Environment.ProcessId}";
            model.Servers.AddRange(monitoring.Servers().OrderBy(s => s.Name).Select(s => new JobServerRow(
                s.Name, s.Name.StartsWith(me, StringComparison.OrdinalIgnoreCase), s.WorkersCount, Utc(s.StartedAt)!.Value, Utc(s.Heartbeat))));

            using var connection = storage.GetConnection();
            var recurring = connection.GetRecurringJobs().ToDictionary(r => r.Id);
            foreach (var (id, name) in JobsServices.Recurring)
            {
                if (!recurring.TryGetValue(id, out var job))
                {
                    model.Jobs.Add(new JobRow(id, name, "not scheduled", null, null, null, null, null));
                    continue;
                }

                var details = job.LastJobId is { } last ? monitoring.JobDetails(last) : null;
                var state = details?.History.FirstOrDefault();
                // A success carries its result; a failure its exception; a retry waiting its turn says why ("Retry attempt 1 of 3: …").
                var result = state?.Data is { } data && data.TryGetValue("Result", out var r) ? r.Trim('"')
                    : state?.Data is { } failed && failed.TryGetValue("ExceptionMessage", out var m) ? m
                    : state?.Reason;
                model.Jobs.Add(new JobRow(id, name, Every(id), Utc(job.LastExecution), Words(job.LastJobState ?? state?.StateName), result, Utc(job.NextExecution), job.Error));
            }

            model.FailedCount = monitoring.FailedCount();
            model.Failed.AddRange(monitoring.FailedJobs(0, 10).Select(f => new FailedJobRow(
                f.Key, f.Value.Job is { } j ? j.Type.Name : "(unknown job)", Utc(f.Value.FailedAt), f.Value.ExceptionMessage ?? string.Empty)));
        }

        return View(model);
    }

    [HttpPost("{id}/run")]
    public IActionResult Run(string id)
    {
        var job = JobsServices.Recurring.FirstOrDefault(j => j.Id == id);
        if (job.Id is null || services.GetService<IRecurringJobManager>() is not { } recurring)
        {
            return NotFound();
        }

        recurring.Trigger(job.Id);
        TempData["Notice"] = Presentation.Words.T("{0}: a run was queued.", job.Name);
        return Redirect("/admin/jobs");
    }

    [HttpPost("outbox/{id:long}/retry")]
    public async Task<IActionResult> Retry(long id, CancellationToken ct)
    {
        await outbox.RetryAsync(id, ct);
        TempData["Notice"] = Presentation.Words.T("The message is queued again.");
        return Redirect("/admin/jobs");
    }

    [HttpPost("outbox/{id:long}/discard")]
    public async Task<IActionResult> Discard(long id, CancellationToken ct)
    {
        await outbox.DiscardAsync(id, ct);
        TempData["Notice"] = Presentation.Words.T("The message was discarded.");
        return Redirect("/admin/jobs");
    }

    private string Every(string id)
    {
        var seconds = id switch
        {
            JobsServices.SweepSlaClocks => options.Value.SweepSeconds,
            JobsServices.DispatchOutbox => options.Value.OutboxSeconds,
            JobsServices.RecomputeSla => options.Value.RecomputeSeconds,
            JobsServices.MonthlyReports => options.Value.ReportsSeconds,
            JobsServices.Automations => options.Value.AutomationsSeconds,
            JobsServices.DeliverWebhooks => options.Value.WebhookSeconds,
            _ => options.Value.MailboxSeconds,
        };
        return seconds switch
        {
            1 => "every second",
            < 60 => $"every {seconds} seconds",
            60 => "every minute",
            3600 => "every hour",
            _ => $"every {seconds / 60} minutes",
        } + id switch
        {
            JobsServices.DispatchOutbox => ", and right after a change queues mail",
            JobsServices.RecomputeSla => ", and right after a change",
            JobsServices.DeliverWebhooks => ", and right after a change that has deliveries",
            _ => "",
        };
    }

    /// <summary>Hangfire's state names in words.</summary>
    private static string? Words(string? state) => state switch
    {
        null => null,
        "Succeeded" => "Succeeded",
        "Failed" => "Failed",
        "Processing" => "Running",
        "Enqueued" => "Waiting for a worker",
        "Scheduled" => "Waiting to be retried",
        "Deleted" => "Cancelled",
        "Awaiting" => "Waiting for another job",
        _ => state,
    };

    private static DateTimeOffset? Utc(DateTime? at) => at is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
}
