using Helpdesk.Core.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Helpdesk.Web.Hosting;

/// <summary>
/// Known domain errors become friendly responses in one place: not found is a 404 page, a broken rule
/// goes back to the page it came from with the message on top. Conflicts are handled by the ticket page itself.
/// </summary>
public sealed class DomainExceptionFilter(ITempDataDictionaryFactory tempDataFactory) : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        switch (context.Exception)
        {
            case NotFoundException:
                context.Result = new NotFoundResult();
                context.ExceptionHandled = true;
                break;
            case ConcurrencyConflictException:
                break;
            case DomainException ex:
                var tempData = tempDataFactory.GetTempData(context.HttpContext);
                tempData["Error"] = ex.Message;
                var referer = context.HttpContext.Request.Headers.Referer.ToString();
                context.Result = Uri.TryCreate(referer, UriKind.Absolute, out var uri) && uri.Host == context.HttpContext.Request.Host.Host
                    ? new RedirectResult(uri.PathAndQuery)
                    : new RedirectResult(context.HttpContext.Request.Path.StartsWithSegments("/portal") ? "/portal" : "/tickets");
                context.ExceptionHandled = true;
                break;
        }
    }
}
