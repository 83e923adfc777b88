using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Storage;
using Helpdesk.Web.Hosting;
using Helpdesk.Web.Models;
using Helpdesk.Web.Presentation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Helpdesk.Web.Controllers;

/// <summary>
/// The customer portal: sign-in by a one-time emailed link, then the customer's requests (and their organization's
/// when it shares them). Not a staff page: it has its own cookie, checked by <see cref="PortalCustomerAttribute"/>.
/// </summary>
[Route("portal")]
[AllowAnonymous]
[EnableRateLimiting(WebSecurity.PublicRateLimit)]
public sealed class PortalController(PortalService portal, TimeProvider time, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> T) : Controller
{
    private PortalSession Session => (PortalSession)HttpContext.Items[typeof(PortalSession)]!;

    [HttpGet("sign-in")]
    public IActionResult SignIn(string? returnUrl) =>
        View(new PortalSignInViewModel { Input = new PortalSignInInput(), ReturnUrl = Local(returnUrl) });

    [HttpPost("sign-in")]
    [EnableRateLimiting(WebSecurity.SignInRateLimit)]
    public async Task<IActionResult> SignIn(PortalSignInInput input, string? returnUrl, [FromServices] IValidator<PortalSignInInput> validator, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            ModelState.AddErrors(validation, localizer: T);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(new PortalSignInViewModel { Input = input, ReturnUrl = Local(returnUrl) });
        }

        await portal.RequestLinkAsync(input, ct);
        return View(new PortalSignInViewModel { Input = input, Asked = true });
    }

    /// <summary>The emailed link: a page with a button, so that a mail scanner opening it does not use it up.</summary>
    [HttpGet("sign-in/{token}")]
    public IActionResult Link(string token, string? returnUrl) =>
        View(new PortalLinkViewModel { Token = token, ReturnUrl = Local(returnUrl) });

    [HttpPost("sign-in/{token}")]
    [EnableRateLimiting(WebSecurity.SignInRateLimit)]
    public async Task<IActionResult> UseLink(string token, string? returnUrl, CancellationToken ct)
    {
        var customer = await portal.SignInAsync(token, ct);
        if (customer is null)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return View("Link", new PortalLinkViewModel { Token = token, Refused = true });
        }

        await PortalAuthentication.SignInAsync(HttpContext, customer);
        return Redirect(Local(returnUrl) ?? "/portal");
    }

    [HttpPost("sign-out")]
    public async Task<IActionResult> Leave()
    {
        await PortalAuthentication.SignOutAsync(HttpContext);
        TempData["Notice"] = Presentation.Words.T("You are signed out.");
        return Redirect("/portal/sign-in");
    }

    [HttpGet("")]
    [PortalCustomer]
    public async Task<IActionResult> Index(CancellationToken ct) => View(new PortalHomeViewModel
    {
        Name = Session.Name,
        Tickets = await portal.TicketsAsync(Session.Viewer, ct),
        Shared = Session.Viewer.SharedOrganizationId is not null,
        Listed = IPortalStore.Listed,
    });

    /// <summary>The monthly SLA report of the customer's organization: any contact of it may read it.</summary>
    [HttpGet("report")]
    [PortalCustomer]
    public async Task<IActionResult> Report(string? month, [FromServices] Helpdesk.Core.Reports.MonthlyReports monthly, [FromServices] IDirectoryQueries directory, CancellationToken ct)
    {
        var (organizationId, emailed) = await portal.ReportSettingsAsync(Session.Viewer, ct);
        if (organizationId is not int id || await directory.GetOrganizationAsync(id, ct) is not { } organization)
        {
            return NotFound();
        }

        var latest = monthly.ThisMonth(organization.TimeZone);
        var chosen = MonthText.Chosen(month, latest);
        if (chosen is not { } m || await monthly.BuildAsync(id, m, ct) is not { } report)
        {
            return NotFound();
        }

        return View(new PortalReportViewModel { Report = new MonthlyReportView(report, Staff: false), Months = MonthText.Recent(latest, 13), Emailed = emailed });
    }

    [HttpPost("report/email")]
    [PortalCustomer]
    public async Task<IActionResult> ReportEmail(bool wanted, string? month, CancellationToken ct)
    {
        await portal.SetMonthlyReportAsync(Session.Viewer, wanted, ct);
        TempData["Notice"] = wanted
            ? Presentation.Words.T("You will get this report by email on the first business day of each month.")
            : Presentation.Words.T("You will no longer get this report by email. It stays here.");
        return Redirect("/portal/report" + (month is { Length: 7 } ? "?month=" + Uri.EscapeDataString(month) : string.Empty));
    }

    [HttpGet("tickets/{number:int}")]
    [PortalCustomer]
    public async Task<IActionResult> Show(int number, [FromServices] SatisfactionService surveys, CancellationToken ct) =>
        View(await PageAsync(number, new PortalReplyInput(), surveys, ct));

    [HttpPost("tickets/{number:int}/reply")]
    [PortalCustomer]
    [RequestSizeLimit(AttachmentLimits.RequestBytes)]
    public async Task<IActionResult> Reply(
        int number, [Bind(Prefix = "Reply")] PortalReplyInput input, List<IFormFile> files, [FromServices] IValidator<PortalReplyInput> validator,
        [FromServices] AttachmentStore store, [FromServices] SatisfactionService surveys, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        ModelState.AddErrors(validation, "Reply", T);
        AttachmentLimits.Check(files, ModelState, T);
        if (ModelState.IsValid)
        {
            try
            {
                await portal.ReplyAsync(Session.Viewer, number, input.Body, await AttachmentLimits.SaveAsync(files, store, ct), ct);
                TempData["Notice"] = Presentation.Words.T("Your reply was added. We will answer by email and here.");
                return Redirect($"/portal/tickets/{number}");
            }
            catch (DomainException ex) when (ex is not NotFoundException)
            {
                ModelState.AddModelError("Reply.Body", ex.Message);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Show", await PageAsync(number, input, surveys, ct));
    }

    [HttpPost("tickets/{number:int}/solve")]
    [PortalCustomer]
    public async Task<IActionResult> Solve(int number, CancellationToken ct)
    {
        await portal.SolveAsync(Session.Viewer, number, ct);
        TempData["Notice"] = Presentation.Words.T("Marked as solved. If it comes back, reopen it here or reply to our email.");
        return Redirect($"/portal/tickets/{number}");
    }

    [HttpPost("tickets/{number:int}/reopen")]
    [PortalCustomer]
    public async Task<IActionResult> Reopen(int number, CancellationToken ct)
    {
        await portal.ReopenAsync(Session.Viewer, number, ct);
        TempData["Notice"] = Presentation.Words.T("Reopened. Tell us below what is still wrong.");
        return Redirect($"/portal/tickets/{number}");
    }

    [HttpPost("tickets/{number:int}/rate")]
    [PortalCustomer]
    public async Task<IActionResult> Rate(int number, SatisfactionRating? rating, string? comment, [FromServices] SatisfactionService surveys, CancellationToken ct)
    {
        var ticket = await portal.TicketAsync(Session.Viewer, number, ct);
        if (ticket.RequesterId != Session.Viewer.CustomerId)
        {
            return NotFound();
        }

        if (rating is null || !Enum.IsDefined(rating.Value) || comment?.Length > Limits.SatisfactionCommentLength)
        {
            TempData["Error"] = rating is null ? T["Choose good or bad."].Value : T["Keep the comment under {0} characters.", Limits.SatisfactionCommentLength.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)].Value;
            return Redirect($"/portal/tickets/{number}#rate");
        }

        try
        {
            await surveys.RateAsync(number, rating.Value, comment, ct);
            TempData["Notice"] = Presentation.Words.T("Thank you for your rating.");
        }
        catch (SurveyClosedException ex)
        {
            TempData["Error"] = ex.Message;
        }

        return Redirect($"/portal/tickets/{number}");
    }

    [HttpGet("tickets/new")]
    [PortalCustomer]
    public async Task<IActionResult> New([FromServices] ITicketQueries queries, CancellationToken ct) =>
        View(new PortalNewTicketViewModel { Input = new PortalTicketInput(), Categories = (await queries.LookupsAsync(ct)).Categories });

    [HttpPost("tickets/new")]
    [PortalCustomer]
    [RequestSizeLimit(AttachmentLimits.RequestBytes)]
    public async Task<IActionResult> New(
        PortalTicketInput input, List<IFormFile> files, [FromServices] IValidator<PortalTicketInput> validator, [FromServices] AttachmentStore store,
        [FromServices] ITicketQueries queries, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        ModelState.AddErrors(validation, localizer: T);
        AttachmentLimits.Check(files, ModelState, T);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(new PortalNewTicketViewModel { Input = input, Categories = (await queries.LookupsAsync(ct)).Categories });
        }

        var ticket = await portal.OpenAsync(Session.Viewer, input, await AttachmentLimits.SaveAsync(files, store, ct), ct);
        TempData["Notice"] = T["Thank you: your request #{0} was received.", ticket.Number].Value;
        return Redirect($"/portal/tickets/{ticket.Number}");
    }

    /// <summary>A file of a public message on a ticket the customer may see; always a download.</summary>
    [HttpGet("tickets/{number:int}/attachments/{id:long}")]
    [PortalCustomer]
    public async Task<IActionResult> Attachment(int number, long id, [FromServices] IPortalStore store, [FromServices] AttachmentStore files, CancellationToken ct) =>
        await store.AttachmentAsync(Session.Viewer, number, id, ct) is { } attachment
            ? File(files.Open(attachment.StorageKey), "application/octet-stream", attachment.DisplayName)
            : NotFound();

    private async Task<PortalTicketViewModel> PageAsync(int number, PortalReplyInput reply, SatisfactionService surveys, CancellationToken ct)
    {
        var ticket = await portal.TicketAsync(Session.Viewer, number, ct);
        return PortalPage.Build(ticket, Session, await surveys.FindAsync(number, ct), reply, time.GetUtcNow());
    }

    /// <summary>A return address inside the portal only (never another site, never a staff page).</summary>
    private static string? Local(string? url) =>
        url is { Length: > 0 and < 500 } && url.StartsWith("/portal", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\')
            ? url
            : null;
}
