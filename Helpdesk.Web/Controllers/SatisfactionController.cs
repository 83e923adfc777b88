using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Links;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Controllers;

/// <summary>
/// The satisfaction survey, for the customer through the signed link in the survey email, without a login.
/// Opening a link records nothing (mail scanners open links): it shows the page with the rating chosen, and the
/// customer's button sends it, with an optional comment. A survey takes one answer.
/// </summary>
[Route("satisfaction")]
[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Helpdesk.Web.Hosting.WebSecurity.PublicRateLimit)]
public sealed class SatisfactionController(SatisfactionLinks links, IServiceScopeFactory scopes) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Show(string? t, SatisfactionRating? r, [FromServices] SatisfactionService service, CancellationToken ct)
    {
        var survey = links.Read(t) is int number ? await service.FindAsync(number, ct) : null;
        if (survey is not { State: SurveyState.Open })
        {
            return Closed(survey);
        }

        return View(new SatisfactionViewModel { Survey = survey, Input = new SatisfactionInput { T = t, Rating = r is { } rating && Enum.IsDefined(rating) ? rating : null } });
    }

    [HttpPost("")]
    public async Task<IActionResult> Answer(SatisfactionInput input, [FromServices] IValidator<SatisfactionInput> validator, [FromServices] SatisfactionService service, CancellationToken ct)
    {
        if (links.Read(input.T) is not int number)
        {
            return Closed(null);
        }

        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            // The form again, with its errors, while the survey is open; otherwise why it cannot be answered.
            var survey = await service.FindAsync(number, ct);
            if (survey is not { State: SurveyState.Open })
            {
                return Closed(survey);
            }

            ModelState.AddErrors(validation);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Show", new SatisfactionViewModel { Survey = survey, Input = input });
        }

        try
        {
            return View("Thanks", await service.RateAsync(number, input.Rating!.Value, input.Comment, ct));
        }
        catch (SurveyClosedException closed)
        {
            return Closed(closed.Survey);
        }
        catch (NotFoundException)
        {
            return Closed(null);
        }
        catch (ConcurrencyConflictException)
        {
            // The ticket changed while this answer was being saved: another answer (then this one is refused)
            // or an agent's edit (then this one goes in now). Either way, a fresh unit of work decides.
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                return View("Thanks", await scope.ServiceProvider.GetRequiredService<SatisfactionService>().RateAsync(number, input.Rating!.Value, input.Comment, ct));
            }
            catch (SurveyClosedException closed)
            {
                return Closed(closed.Survey);
            }
        }
    }

    /// <summary>Why the link cannot be used: 400 when it is not ours, 409 when answered, 410 when expired.</summary>
    private ViewResult Closed(SurveyView? survey)
    {
        Response.StatusCode = survey?.State switch
        {
            SurveyState.Answered => StatusCodes.Status409Conflict,
            SurveyState.Expired => StatusCodes.Status410Gone,
            _ => StatusCodes.Status400BadRequest,
        };
        return View("Closed", survey is { State: SurveyState.Answered or SurveyState.Expired } ? survey : null);
    }
}
