using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Jobs;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Quartz;
using Quartz.Extensibility;

namespace Helpdesk.Web.Controllers;

/// <summary>What the scheduler is doing and what the outbox holds; retry or discard undeliverable mail.</summary>
[Route("admin/jobs")]
[Authorize(Roles = Roles.Admin)]
public sealed class AdminJobsController(OutboxAdmin outbox, IServiceProvider services) : Controller
{
    private static readonly (JobKey Key, string Name)[] Jobs =
    [
        (JobsServices.SweepSlaClocks, "SLA sweep"),
        (JobsServices.DispatchOutbox, "Outbox dispatcher"),
        (JobsServices.PollMailboxes, "Mailbox poll"),
    ];

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var model = new JobsViewModel { Outbox = await outbox.SummaryAsync(ct) };
        if (services.GetService<ISchedulerFactory>() is { } factory)
        {
            var scheduler = await factory.GetScheduler(ct);
            var metadata = await scheduler.GetMetadata(ct);
            model.Scheduler = new SchedulerInfo(
                scheduler.SchedulerName, scheduler.SchedulerInstanceId, scheduler.Status.ToString(), metadata.JobStoreClustered, metadata.RunningSince);
            model.Nodes.AddRange(await scheduler.QueryClusterNodes(ct));

            // The history is the cluster's: every node writes to the same tables.
            var history = services.GetKeyedService<IExecutionHistoryStore>(scheduler.SchedulerName) ?? services.GetService<IExecutionHistoryStore>();
            foreach (var (key, name) in Jobs)
            {
                var triggers = await scheduler.GetTriggersOfJob(key, ct);
                // The schedule's own trigger, not the one-off ones of "Run now" or a nudge.
                var trigger = triggers.OfType<ISimpleTrigger>().MaxBy(t => t.RepeatInterval) ?? triggers.FirstOrDefault();
                var state = trigger is null ? "not scheduled" : (await scheduler.GetTriggerState(trigger.Key, ct)).ToString();
                var status = history is null ? null : await history.GetJobRunStatus(scheduler.SchedulerName, key, ct);
                model.Jobs.Add(new JobRow(key.Name, name, state, (trigger as ISimpleTrigger)?.RepeatInterval is { } every && every > TimeSpan.Zero ? every : null,
                    trigger?.PreviousFireTimeUtc, trigger?.NextFireTimeUtc, status));
            }

            if (history is not null)
            {
                var page = await history.QueryExecutions(new ExecutionHistoryQuery { SchedulerName = scheduler.SchedulerName, Take = 25 }, ct);
                model.Recent.AddRange(page.Items);
            }
        }

        return View(model);
    }

    [HttpPost("{name}/run")]
    public async Task<IActionResult> Run(string name, CancellationToken ct)
    {
        var job = Jobs.FirstOrDefault(j => j.Key.Name == name);
        if (job.Key is null || services.GetService<ISchedulerFactory>() is not { } factory)
        {
            return NotFound();
        }

        await (await factory.GetScheduler(ct)).TriggerJob(job.Key, new JobDataMap(), ct);
        TempData["Notice"] = $"{job.Name} started.";
        return Redirect("/admin/jobs");
    }

    [HttpPost("outbox/{id:long}/retry")]
    public async Task<IActionResult> Retry(long id, CancellationToken ct)
    {
        await outbox.RetryAsync(id, ct);
        TempData["Notice"] = "The message is queued again.";
        return Redirect("/admin/jobs");
    }

    [HttpPost("outbox/{id:long}/discard")]
    public async Task<IActionResult> Discard(long id, CancellationToken ct)
    {
        await outbox.DiscardAsync(id, ct);
        TempData["Notice"] = "The message was discarded.";
        return Redirect("/admin/jobs");
    }
}
