using System.Security.Claims;
using System.Text.Encodings.Web;
using Helpdesk.Core.Domain;
using Helpdesk.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Helpdesk.Web.Api;

/// <summary>
/// The REST API's authentication (decision 021): "Authorization: Bearer hd_…", a personal token. The request acts as the
/// token's user with their roles; the scope claim says whether it may write. No cookie is read under /api, so no
/// antiforgery token is needed there: a browser cannot send someone's token by itself.
/// </summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string ScopeClaim = "helpdesk:scope";
    public const string TokenClaim = "helpdesk:token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var caller = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (caller is null)
        {
            return AuthenticateResult.Fail("The token is unknown, expired or revoked, or its user is deactivated.");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, caller.AgentId),
            new Claim(ClaimTypes.Name, caller.Email),
            new Claim(ScopeClaim, caller.Scope == ApiScope.ReadWrite ? "read-write" : "read"),
            new Claim(TokenClaim, caller.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            .. caller.Roles.Select(r => new Claim(ClaimTypes.Role, r)),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer realm=\"helpdesk\"";
        return Problem(StatusCodes.Status401Unauthorized, "A personal API token is needed", "Send \"Authorization: Bearer <token>\" with a token created on your settings page.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problem(StatusCodes.Status403Forbidden, "Not allowed", "The token's scope or its user's roles do not allow this.");

    private Task Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(Context);
}
