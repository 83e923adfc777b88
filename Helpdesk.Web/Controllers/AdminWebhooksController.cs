using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Webhooks;
using Helpdesk.Web.Models;
using Helpdesk.Web.Presentation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Controllers;

/// <summary>Webhooks (issue 21; decision 021): HTTPS endpoints told of events, with every delivery and its answer shown.</summary>
[Route("admin/webhooks")]
[Authorize(Roles = Roles.Admin)]
public sealed class AdminWebhooksController(WebhookAdmin admin, IValidator<WebhookInput> validator) : Controller
{
    private const int DeliveriesShown = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(new WebhookListViewModel { Webhooks = await admin.ListAsync(ct) });

    [HttpGet("new")]
    public IActionResult New() => View("Edit", new WebhookViewModel { Input = new WebhookInput() });

    [HttpPost("new")]
    public async Task<IActionResult> New(WebhookInput input, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        ModelState.AddErrors(validation, "Input");
        if (!validation.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Edit", new WebhookViewModel { Input = input });
        }

        var webhook = await admin.CreateAsync(input, ct);
        TempData["Notice"] = Words.T("Webhook {0} added. Give its signing secret to the receiver.", webhook.Name);
        return Redirect($"/admin/webhooks/{webhook.Id}");
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, bool failed, long? before, CancellationToken ct) =>
        await admin.FindAsync(id, ct) is { } webhook ? View(await ModelAsync(webhook, WebhookInput.From(webhook), failed, before, ct)) : NotFound();

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Edit(int id, WebhookInput input, CancellationToken ct)
    {
        if (await admin.FindAsync(id, ct) is not { } webhook)
        {
            return NotFound();
        }

        var validation = await validator.ValidateAsync(input, ct);
        ModelState.AddErrors(validation, "Input");
        if (!validation.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(await ModelAsync(webhook, input, false, null, ct));
        }

        await admin.UpdateAsync(id, input, ct);
        TempData["Notice"] = Words.T("Webhook {0} saved.", input.Name.Trim());
        return Redirect($"/admin/webhooks/{id}");
    }

    [HttpPost("{id:int}/secret")]
    public async Task<IActionResult> RotateSecret(int id, CancellationToken ct)
    {
        await admin.RotateSecretAsync(id, ct);
        TempData["Notice"] = Words.T("A new signing secret is in use; give it to the receiver.");
        return Redirect($"/admin/webhooks/{id}");
    }

    [HttpPost("{id:int}/ping")]
    public async Task<IActionResult> Ping(int id, CancellationToken ct)
    {
        await admin.PingAsync(id, ct);
        TempData["Notice"] = Words.T("A ping is on its way; its delivery is listed below.");
        return Redirect($"/admin/webhooks/{id}");
    }

    [HttpPost("{id:int}/deliveries/{deliveryId:long}/redeliver")]
    public async Task<IActionResult> Redeliver(int id, long deliveryId, CancellationToken ct)
    {
        TempData["Notice"] = await admin.RedeliverAsync(id, deliveryId, ct)
            ? Words.T("Delivery {0} will be sent again.", deliveryId)
            : Words.T("Delivery {0} is already waiting to be sent.", deliveryId);
        return Redirect($"/admin/webhooks/{id}");
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct)
    {
        if (await admin.FindAsync(id, ct) is not { } webhook)
        {
            return NotFound();
        }

        await admin.DeleteAsync(id, ct);
        TempData["Notice"] = Words.T("Webhook {0} deleted with its deliveries.", webhook.Name);
        return Redirect("/admin/webhooks");
    }

    private async Task<WebhookViewModel> ModelAsync(Core.Webhooks.Webhook webhook, WebhookInput input, bool failed, long? before, CancellationToken ct)
    {
        var deliveries = await admin.DeliveriesAsync(webhook.Id, failed, before, DeliveriesShown + 1, ct);
        return new WebhookViewModel
        {
            Webhook = webhook, Input = input, FailedOnly = failed, Deliveries = [.. deliveries.Take(DeliveriesShown)],
            Older = deliveries.Count > DeliveriesShown ? deliveries[DeliveriesShown - 1].Id : null,
            DeliveryCount = await admin.DeliveryCountAsync(webhook.Id, ct),
        };
    }
}
