using Helpdesk.Infrastructure.Data;
using Helpdesk.Web.Links;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Web.Controllers;

/// <summary>
/// A customer stops disruption notices through the signed link in one, without a login. Opening the link only
/// asks (mail scanners open links); the button does it. The notices' List-Unsubscribe header names the one-click
/// URL, which a mail provider's "unsubscribe" button POSTs to (RFC 8058).
/// </summary>
[Route("notices")]
[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Helpdesk.Web.Hosting.WebSecurity.PublicRateLimit)]
public sealed class NoticesController(NoticeLinks links, HelpdeskDbContext db) : Controller
{
    [HttpGet("opt-out")]
    public async Task<IActionResult> OptOut(string? t, CancellationToken ct)
    {
        var customer = links.Read(t) is int id ? await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) : null;
        if (customer is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("OptOutInvalid");
        }

        ViewData["Token"] = t;
        ViewData["Email"] = customer.Email;
        ViewData["Done"] = customer.NoticesOptOut;
        return View();
    }

    [HttpPost("opt-out")]
    public async Task<IActionResult> ConfirmOptOut(string? t, CancellationToken ct)
    {
        var customer = await OptOutAsync(t, ct);
        if (customer is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("OptOutInvalid");
        }

        ViewData["Email"] = customer.Email;
        ViewData["Done"] = true;
        return View("OptOut");
    }

    /// <summary>Opened in a browser, the one-click URL asks like the link in the text.</summary>
    [HttpGet("unsubscribe")]
    public IActionResult Unsubscribe(string? t) => Redirect($"/notices/opt-out?t={Uri.EscapeDataString(t ?? string.Empty)}");

    /// <summary>
    /// RFC 8058 one-click: the mail provider POSTs <c>List-Unsubscribe=One-Click</c> to the URL of the header, without
    /// cookies, so there is no antiforgery token; the signed token in the URL is what proves the request. A POST
    /// without that body is not one-click and is refused.
    /// </summary>
    [HttpPost("unsubscribe")]
    [IgnoreAntiforgeryToken]
    public async Task<IActionResult> OneClick([FromQuery] string? t, [FromForm(Name = "List-Unsubscribe")] string? oneClick, CancellationToken ct)
    {
        if (oneClick != "One-Click" || await OptOutAsync(t, ct) is null)
        {
            return BadRequest("Not a valid one-click unsubscribe request.");
        }

        return Content("Unsubscribed: no more service disruption notices to this address.", "text/plain");
    }

    /// <summary>Stops the notices of the customer the token names; null when it names none.</summary>
    private async Task<Helpdesk.Core.Domain.Customer?> OptOutAsync(string? token, CancellationToken ct)
    {
        var customer = links.Read(token) is int id ? await db.Customers.FirstOrDefaultAsync(c => c.Id == id, ct) : null;
        if (customer is not null)
        {
            customer.SetNotices(optIn: false, optOut: true);
            await db.SaveChangesAsync(ct);
        }

        return customer;
    }
}
