using System.Security.Claims;
using FluentValidation.Results;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Helpdesk.Web;

public static class WebExtensions
{
    /// <summary>Copies FluentValidation errors into ModelState under the form's field names.</summary>
    /// <summary>The validator's messages beside their fields; in the request's language when a localizer is given (the portal).</summary>
    public static void AddErrors(this ModelStateDictionary modelState, ValidationResult result, string prefix = "Input", Microsoft.Extensions.Localization.IStringLocalizer? localizer = null)
    {
        foreach (var error in result.Errors)
        {
            modelState.AddModelError(string.IsNullOrEmpty(prefix) ? error.PropertyName : $"{prefix}.{error.PropertyName}", localizer?[error.ErrorMessage].Value ?? error.ErrorMessage);
        }
    }

    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in.");
}
