using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Jobs;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Quartz;

namespace Helpdesk.Web.Controllers;

/// <summary>What the scheduler is doing and what the outbox holds; retry or discard undeliverable mail.</summary>
[Route("admin/jobs")]
[Authorize(Roles = Roles.Admin)]
public sealed class AdminJobsController(OutboxAdmin outbox, JobRuns runs, IServiceProvider services) : Controller
{
    private static readonly (JobKey Key, string Name, string Job)[] Jobs =
    [
        (JobsServices.SweepSlaClocks, "SLA sweep", nameof(SweepSlaClocksJob)),
        (JobsServices.DispatchOutbox, "Outbox dispatcher", nameof(DispatchOutboxJob)),
    ];

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var model = new JobsViewModel { Outbox = await outbox.SummaryAsync(ct) };
        if (services.GetService<ISchedulerFactory>() is { } factory)
        {
            var scheduler = await factory.GetScheduler(ct);
            model.Scheduler = $"{scheduler.SchedulerName} · node {scheduler.SchedulerInstanceId} · {scheduler.Status}";
            foreach (var (key, name, job) in Jobs)
            {
                var triggers = await scheduler.GetTriggersOfJob(key, ct);
                var trigger = triggers.FirstOrDefault();
                var state = trigger is null ? "not scheduled" : (await scheduler.GetTriggerState(trigger.Key, ct)).ToString();
                model.Jobs.Add(new JobRow(key.Name, name, state, trigger?.PreviousFireTimeUtc, trigger?.NextFireTimeUtc, runs.Last(job)));
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
