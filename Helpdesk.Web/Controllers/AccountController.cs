using Helpdesk.Web.Presentation;
using FluentValidation;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Hosting;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Controllers;

public sealed class AccountController(
    SignInManager<IdentityUser> signIn, IValidator<LoginInput> validator, Helpdesk.Infrastructure.Identity.SignInThrottle throttle,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t, TimeProvider time) : Controller
{
    /// <summary>The one answer for a wrong password, an unknown email and a deactivated login (to whoever lacks its password).</summary>
    public const string Incorrect = "The email or password is incorrect.";

    /// <summary>A password hash to check against when the email is no account's, so that both take as long.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<IdentityUser>().HashPassword(new IdentityUser(), Guid.NewGuid().ToString()));

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
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(WebSecurity.SignInRateLimit)]
    public async Task<IActionResult> Login(LoginInput input)
    {
        var validation = await validator.ValidateAsync(input);
        if (!validation.IsValid)
        {
            ModelState.AddErrors(validation);
            return View(new LoginViewModel { Input = input });
        }

        // Failed attempts pause this email from this client only: a stranger cannot lock staff out, and the pause
        // comes alike for every email, an account's or not.
        var email = input.Email.Trim().ToLowerInvariant();
        var client = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.PausedFor(email, client) is { } wait)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Refuse(input, t["Too many failed sign-ins for this email from your network. Try again in {0} minutes, or ask an admin.", Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))]);
        }

        var user = await signIn.UserManager.FindByNameAsync(email);
        if (user is null)
        {
            signIn.UserManager.PasswordHasher.VerifyHashedPassword(new IdentityUser(), DecoyHash.Value, input.Password);
            throttle.Failed(email, client);
            return Refuse(input, Incorrect);
        }

        var result = await signIn.PasswordSignInAsync(user, input.Password, input.RememberMe, lockoutOnFailure: false);
        if (result.Succeeded)
        {
            throttle.Succeeded(email, client);
            return LocalRedirect(SafeReturn(input.ReturnUrl));
        }

        // Locked out means deactivated (or an old lockout): said only to whoever knows the password.
        if (result.IsLockedOut && await signIn.UserManager.CheckPasswordAsync(user, input.Password))
        {
            return Refuse(input, "This login is deactivated. Ask an admin.");
        }

        throttle.Failed(email, client);
        return Refuse(input, Incorrect);
    }

    private ViewResult Refuse(LoginInput input, string message)
    {
        ModelState.AddModelError(string.Empty, message);
        input.Password = string.Empty;
        return View(new LoginViewModel { Input = input });
    }

    [HttpPost("/logout")]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return Redirect("/login");
    }

    /// <summary>The agent's own settings: the language they read the app in.</summary>
    [HttpGet("/account/settings")]
    public async Task<IActionResult> Settings(CancellationToken ct) => View(await SettingsPageAsync(null, null, null, ct));

    /// <summary>The settings page: the language form (as saved, or as just sent) and the API tokens (with one just created).</summary>
    private async Task<SettingsViewModel> SettingsPageAsync(AgentSettingsInput? language, ApiTokenInput? token, (string, string)? created, CancellationToken ct)
    {
        var services = HttpContext.RequestServices;
        language ??= new AgentSettingsInput { Language = (await services.GetRequiredService<Helpdesk.Core.Ports.IHelpdeskStore>().FindAgentAsync(User.UserId(), ct))?.Language };
        return new SettingsViewModel
        {
            Input = language,
            DefaultLanguage = services.GetRequiredService<Helpdesk.Core.Domain.DefaultLanguage>().Tag,
            Tokens = await services.GetRequiredService<Helpdesk.Infrastructure.Identity.ApiTokenService>().ListAsync(User.UserId(), ct),
            Token = token ?? new ApiTokenInput(),
            Created = created,
            Now = time.GetUtcNow(),
        };
    }

    /// <summary>Creates a personal API token and shows its secret on this response only (it is stored hashed).</summary>
    [HttpPost("/account/tokens")]
    public async Task<IActionResult> CreateToken(
        [Bind(Prefix = "Token")] ApiTokenInput input, [FromServices] IValidator<ApiTokenInput> tokenValidator, [FromServices] Helpdesk.Infrastructure.Identity.ApiTokenService tokens,
        CancellationToken ct)
    {
        var validation = await tokenValidator.ValidateAsync(input, ct);
        (string, string)? created = null;
        if (validation.IsValid)
        {
            var (token, secret) = await tokens.CreateAsync(User.UserId(), input.Name, input.Scope, input.Days, ct);
            created = (token.Name, secret);
            input = new ApiTokenInput();
        }
        else
        {
            ModelState.AddErrors(validation, "Token");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        Response.Headers.CacheControl = "no-store"; // the secret is on this page
        return View("Settings", await SettingsPageAsync(null, input, created, ct));
    }

    [HttpPost("/account/tokens/{id:long}/revoke")]
    public async Task<IActionResult> RevokeToken(long id, [FromServices] Helpdesk.Infrastructure.Identity.ApiTokenService tokens, CancellationToken ct)
    {
        if (!await tokens.RevokeAsync(User.UserId(), id, ct))
        {
            return NotFound();
        }

        TempData["Notice"] = Words.T("Token revoked: requests with it are refused from now on.");
        return Redirect("/account/settings#tokens");
    }

    [HttpPost("/account/settings")]
    public async Task<IActionResult> Settings(
        AgentSettingsInput input, [FromServices] IValidator<AgentSettingsInput> settingsValidator, [FromServices] Helpdesk.Core.Services.TicketService tickets,
        CancellationToken ct)
    {
        var validation = await settingsValidator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            ModelState.AddErrors(validation);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(await SettingsPageAsync(input, null, null, ct));
        }

        await tickets.ChooseLanguageAsync(User.UserId(), string.IsNullOrEmpty(input.Language) ? null : input.Language, ct);

        // The sign-in cookie carries the language: issue it again, so the next page reads the new one.
        if (await signIn.UserManager.GetUserAsync(User) is { } user)
        {
            await signIn.RefreshSignInAsync(user);
        }

        TempData["Notice"] = "Settings saved."; // its key: the next page says it in the new language (the layout reads notices through the resource)
        return Redirect("/account/settings");
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
