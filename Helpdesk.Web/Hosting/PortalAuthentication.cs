using System.Security.Claims;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Helpdesk.Web.Hosting;

/// <summary>
/// Customers sign in to the portal with a cookie of their own, separate from the staff's Identity cookie and read only
/// by the portal's pages: a customer is never a staff user, and a staff page never accepts a customer.
/// </summary>
public static class PortalAuthentication
{
    public const string Scheme = "Portal";

    private const string CustomerClaim = "helpdesk:customer";

    public static void AddPortalAuthentication(this IServiceCollection services) =>
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "helpdesk.portal";
            o.Cookie.Path = "/"; // sent to staff pages too, so that a customer who reaches one is sent back to the portal
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/portal/sign-in";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
        });

    public static async Task SignInAsync(HttpContext context, Customer customer) =>
        await context.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(CustomerClaim, customer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))], Scheme)));

    public static Task SignOutAsync(HttpContext context) => context.SignOutAsync(Scheme);

    /// <summary>The customer signed in to the portal on this request, if any (their row still there).</summary>
    public static async Task<Customer?> CustomerAsync(HttpContext context)
    {
        // Read once a request: the language of the page asks first, then the page itself.
        if (context.Items.TryGetValue(typeof(Customer), out var known))
        {
            return known as Customer;
        }

        var result = await context.AuthenticateAsync(Scheme);
        var customer = result.Succeeded && int.TryParse(result.Principal.FindFirstValue(CustomerClaim), out var id)
            ? await context.RequestServices.GetRequiredService<IHelpdeskStore>().FindCustomerAsync(id, context.RequestAborted)
            : null;
        context.Items[typeof(Customer)] = customer;
        return customer;
    }
}

/// <summary>The signed-in customer, for the portal's pages: who they are, what they may see, the zone they read times in.</summary>
public sealed record PortalSession(PortalViewer Viewer, string Name, string Email, TimeZoneInfo Zone, bool HasOrganization = false)
{
    public static PortalSession For(Customer customer, DisplayZone display) => new(
        new PortalViewer(customer.Id, customer.Organization is { SharesTickets: true } shared ? shared.Id : null, customer.Email),
        customer.DisplayName,
        customer.Email,
        display.For(customer),
        customer.OrganizationId is not null);
}

/// <summary>
/// On a portal page that needs a customer: the session put in <see cref="HttpContext.Items"/>, or a redirect to the
/// sign-in page (which comes back here afterwards).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class PortalCustomerAttribute : Attribute, IAsyncAuthorizationFilter
{
    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var customer = await PortalAuthentication.CustomerAsync(context.HttpContext);
        if (customer is null)
        {
            var back = context.HttpContext.Request.Path + context.HttpContext.Request.QueryString;
            context.Result = new RedirectResult("/portal/sign-in?returnUrl=" + Uri.EscapeDataString(back));
            return;
        }

        context.HttpContext.Items[typeof(PortalSession)] = PortalSession.For(customer, context.HttpContext.RequestServices.GetRequiredService<DisplayZone>());
    }
}

public static class PortalClock
{
    /// <summary>Times as the signed-in customer reads them (their zone, else their organization's, else the helpdesk's).</summary>
    public static Helpdesk.Web.Presentation.TimeDisplay ForCustomer(this Helpdesk.Web.Presentation.TimeDisplay clock, HttpContext context) =>
        context.Items[typeof(PortalSession)] is PortalSession session ? clock.In(session.Zone, ReaderCultureProvider.Language) : clock.In(clock.Zone, ReaderCultureProvider.Language);
}
