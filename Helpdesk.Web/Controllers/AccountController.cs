using FluentValidation;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Infrastructure;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Controllers;

public sealed class AccountController(SignInManager<IdentityUser> signIn, IValidator<LoginInput> validator) : Controller
{
    [AllowAnonymous]
    [HttpGet("/login")]
    public IActionResult Login(string? returnUrl)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(SafeReturn(returnUrl));
        }

        return View(new LoginViewModel { Input = new LoginInput { ReturnUrl = returnUrl } });
    }

    [AllowAnonymous]
    [HttpPost("/login")]
    public async Task<IActionResult> Login(LoginInput input)
    {
        var validation = await validator.ValidateAsync(input);
        if (!validation.IsValid)
        {
            ModelState.AddErrors(validation);
            return View(new LoginViewModel { Input = input });
        }

        var result = await signIn.PasswordSignInAsync(input.Email.Trim().ToLowerInvariant(), input.Password, input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(SafeReturn(input.ReturnUrl));
        }

        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? "This login is locked after too many failed attempts, or deactivated. Try again later or ask an admin."
            : "The email or password is incorrect.");
        input.Password = string.Empty;
        return View(new LoginViewModel { Input = input });
    }

    [HttpPost("/logout")]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return Redirect("/login");
    }

    private string SafeReturn(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/tickets";
}

[AllowAnonymous]
public sealed class ErrorController : Controller
{
    [Route("/error/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Show(int code)
    {
        Response.StatusCode = code is >= 400 and < 600 ? code : 500;
        return View("Error", new ErrorViewModel(Response.StatusCode));
    }
}

public sealed class HomeController : Controller
{
    [HttpGet("/")]
    public IActionResult Index() => Redirect("/tickets");
}
