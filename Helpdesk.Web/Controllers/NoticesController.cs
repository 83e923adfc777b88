using Helpdesk.Infrastructure.Data;
using Helpdesk.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Web.Controllers;

/// <summary>
/// A customer stops disruption notices through the signed link in one, without a login. Opening the link only
/// asks (mail scanners open links); the button does it.
/// </summary>
[Route("notices")]
[AllowAnonymous]
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
        var customer = links.Read(t) is int id ? await db.Customers.FirstOrDefaultAsync(c => c.Id == id, ct) : null;
        if (customer is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("OptOutInvalid");
        }

        customer.SetNotices(optIn: false, optOut: true);
        await db.SaveChangesAsync(ct);
        ViewData["Email"] = customer.Email;
        ViewData["Done"] = true;
        return View("OptOut");
    }
}
