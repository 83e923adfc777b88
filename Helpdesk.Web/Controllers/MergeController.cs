using Helpdesk.Web.Presentation;
using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Controllers;

/// <summary>Merging a duplicate into another ticket: a preview of what will happen, then the merge once confirmed.</summary>
[Route("tickets/{number:int}/merge")]
public sealed class MergeController(ITicketQueries queries, MergeService merges, IValidator<MergeInput> validator) : Controller
{
    /// <summary>What merging ticket <paramref name="number"/> into the one named would do; nothing is changed.</summary>
    [HttpGet("")]
    public async Task<IActionResult> Preview(int number, MergeInput input, CancellationToken ct)
    {
        var model = await ModelAsync(number, input, ct);
        if (model is null)
        {
            return NotFound();
        }

        if (model.Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return View("~/Views/Tickets/Merge.cshtml", model);
    }

    /// <summary>The confirmed merge, against both tickets as the preview showed them.</summary>
    [HttpPost("")]
    public async Task<IActionResult> Merge(int number, MergeInput input, CancellationToken ct)
    {
        var model = await ModelAsync(number, input, ct);
        if (model is null)
        {
            return NotFound();
        }

        if (model.Errors.Count > 0 || model.Survivor is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("~/Views/Tickets/Merge.cshtml", model);
        }

        try
        {
            var outcome = await merges.MergeAsync(number, input.Version, model.Survivor.Number, input.IntoVersion, User.UserId(), ct);
            TempData["Notice"] = Words.T("Ticket #{0} was merged into this one ({1} moved); its customer was told by email.", outcome.Duplicate, Words.Count(outcome.MessagesMoved, "{0} message", "{0} messages"));
            return Redirect($"/tickets/{outcome.Survivor}");
        }
        catch (ConcurrencyConflictException)
        {
            // Show both as they are now; the agent confirms again if it still applies.
            Response.StatusCode = StatusCodes.Status409Conflict;
            var now = await ModelAsync(number, new MergeInput { Into = input.Into }, ct);
            if (now is null)
            {
                return NotFound();
            }

            return View("~/Views/Tickets/Merge.cshtml", now with
            {
                Conflict = "One of the tickets changed after you looked at it, so nothing was merged. Here they are as they are now: merge again if it still applies.",
            });
        }
        catch (DomainException ex) when (ex is not NotFoundException)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("~/Views/Tickets/Merge.cshtml", model with { Errors = [ex.Message] });
        }
    }

    private async Task<MergeViewModel?> ModelAsync(int number, MergeInput input, CancellationToken ct)
    {
        var duplicate = await queries.GetTicketAsync(number, ct);
        if (duplicate is null)
        {
            return null;
        }

        var errors = new List<string>();
        Ticket? survivor = null;
        if (input.Into is not null || Request.Query.ContainsKey(nameof(MergeInput.Into)) || Request.HasFormContentType)
        {
            var validation = await validator.ValidateAsync(input, ct);
            errors.AddRange(validation.Errors.Select(e => e.ErrorMessage));
            if (validation.IsValid && input.IntoNumber is int into)
            {
                survivor = into == number ? null : await queries.GetTicketAsync(into, ct);
                errors.AddRange(Refusal(duplicate, survivor, into));
            }
        }

        return new MergeViewModel
        {
            Duplicate = duplicate,
            Survivor = errors.Count == 0 ? survivor : null,
            Input = input,
            Errors = errors,
            Candidates = duplicate.Status == TicketStatus.Closed ? [] : await queries.RequesterOpenTicketsAsync(duplicate.RequesterId, number, 10, ct),
        };
    }

    /// <summary>Why these two cannot be merged, in words (the domain says the same at the commit).</summary>
    private static IEnumerable<string> Refusal(Ticket duplicate, Ticket? survivor, int into)
    {
        if (into == duplicate.Number)
        {
            yield return "A ticket cannot be merged into itself: give the number of the other ticket.";
        }
        else if (survivor is null)
        {
            yield return $"There is no ticket #{into}.";
        }
        else if (survivor.Status == TicketStatus.Closed)
        {
            yield return $"Ticket #{into} is closed: merge into an open ticket{(survivor.MergedInto is int m ? $" (it was merged into #{m})" : string.Empty)}.";
        }

        if (duplicate.Status == TicketStatus.Closed)
        {
            yield return $"Ticket #{duplicate.Number} is closed{(duplicate.MergedInto is int m ? $" (merged into #{m})" : string.Empty)}: a closed ticket cannot be merged.";
        }
    }
}
