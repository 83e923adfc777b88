using Helpdesk.Web.Presentation;
using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Identity;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Controllers;

[Route("admin/users")]
[Authorize(Roles = Roles.Admin)]
public sealed class AdminUsersController(AccountService accounts, ITicketQueries queries) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new UserListViewModel { Users = await accounts.ListAsync(ct) });

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken ct) =>
        View(new NewUserViewModel { Input = new NewUserInput { Roles = [Roles.Agent] }, Groups = (await queries.LookupsAsync(ct)).Groups });

    [HttpPost("new")]
    public async Task<IActionResult> New(NewUserInput input, [FromServices] IValidator<NewUserInput> validator, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (validation.IsValid)
        {
            var result = await accounts.CreateAsync(input, ct);
            if (result.Succeeded)
            {
                TempData["Notice"] = Words.T("{0} can now sign in as {1}.", input.DisplayName, input.Email.Trim().ToLowerInvariant());
                return Redirect("/admin/users");
            }

            AddErrors(result);
        }

        ModelState.AddErrors(validation);
        input.Password = string.Empty;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(new NewUserViewModel { Input = input, Groups = (await queries.LookupsAsync(ct)).Groups });
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Edit(string id, CancellationToken ct)
    {
        var user = await accounts.GetAsync(id, ct);
        if (user is null)
        {
            return NotFound();
        }

        var input = new EditUserInput { DisplayName = user.DisplayName, Roles = [.. user.Roles], GroupId = user.GroupId, IsActive = user.IsActive };
        var lookups = await queries.LookupsAsync(ct);
        return View(new EditUserViewModel { User = user, Input = input, Groups = lookups.Groups, Agents = lookups.Agents });
    }

    [HttpPost("{id}")]
    public async Task<IActionResult> Edit(string id, EditUserInput input, [FromServices] IValidator<EditUserInput> validator, CancellationToken ct)
    {
        var user = await accounts.GetAsync(id, ct);
        if (user is null)
        {
            return NotFound();
        }

        var validation = await validator.ValidateAsync(input, ct);
        if (validation.IsValid)
        {
            var result = await accounts.UpdateAsync(id, input, ct, User.UserId());
            if (result.Succeeded)
            {
                TempData["Notice"] = Words.T("{0} saved.", input.DisplayName);
                return Redirect("/admin/users");
            }

            AddErrors(result);
        }

        ModelState.AddErrors(validation);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        var all = await queries.LookupsAsync(ct);
        return View(new EditUserViewModel { User = user, Input = input, Groups = all.Groups, Agents = all.Agents });
    }

    private void AddErrors(AccountResult result)
    {
        foreach (var (field, message) in result.Errors)
        {
            ModelState.AddModelError($"Input.{field}", message);
        }
    }

    [HttpPost("{id}/unlock")]
    public async Task<IActionResult> Unlock(string id)
    {
        await accounts.UnlockAsync(id);
        TempData["Notice"] = Words.T("Sign-in lockout lifted.");
        return Redirect($"/admin/users/{id}");
    }

    [HttpPost("{id}/password")]
    public async Task<IActionResult> ResetPassword(string id, string newPassword, CancellationToken ct)
    {
        if (newPassword?.Length > Limits.PasswordLength)
        {
            TempData["Error"] = Words.T("Use at most {0} characters.", Limits.PasswordLength);
            return Redirect($"/admin/users/{id}");
        }

        var result = await accounts.ResetPasswordAsync(id, newPassword ?? string.Empty);
        TempData[result.Succeeded ? "Notice" : "Error"] = result.Succeeded
            ? "Password changed. Tell the agent their new password through a safe channel."
            : string.Join(" ", result.Errors.Select(e => e.Value));
        return Redirect($"/admin/users/{id}");
    }
}
