using Helpdesk.Core.Domain;
using Helpdesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Identity;

/// <summary>Who an API request acts as: the token's user with their roles, narrowed by the token's scope.</summary>
public sealed record ApiCaller(long TokenId, string AgentId, string Email, string Name, IReadOnlyList<string> Roles, ApiScope Scope);

/// <summary>Personal API tokens (decision 021): their owner creates, lists and revokes them; a request is authenticated by one.</summary>
public sealed class ApiTokenService(HelpdeskDbContext db, TimeProvider time)
{
    /// <summary>At most this many tokens in use per person (expired and revoked ones do not count).</summary>
    public const int MaxActive = 20;

    /// <summary>A secret longer than this is no token of ours: refused before hashing.</summary>
    private const int SecretLength = 64;

    public async Task<IReadOnlyList<ApiToken>> ListAsync(string agentId, CancellationToken ct = default) =>
        await db.Set<ApiToken>().AsNoTracking().Where(t => t.AgentId == agentId).OrderByDescending(t => t.Id).ToListAsync(ct);

    public async Task<(ApiToken Token, string Secret)> CreateAsync(string agentId, string name, ApiScope scope, int days, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (await db.Set<ApiToken>().CountAsync(t => t.AgentId == agentId && t.RevokedAt == null && t.ExpiresAt > now, ct) >= MaxActive)
        {
            throw new DomainException($"You have {MaxActive} tokens in use: revoke one you no longer need first.");
        }

        var issued = ApiToken.Issue(agentId, name, scope, days, now);
        db.Set<ApiToken>().Add(issued.Token);
        await db.SaveChangesAsync(ct);
        return issued;
    }

    /// <summary>Revokes one of the person's own tokens; false when it is not theirs.</summary>
    public async Task<bool> RevokeAsync(string agentId, long id, CancellationToken ct = default)
    {
        var token = await db.Set<ApiToken>().SingleOrDefaultAsync(t => t.Id == id && t.AgentId == agentId, ct);
        if (token is null)
        {
            return false;
        }

        token.Revoke(time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The caller a secret stands for: a token in use, of an active staff login; null otherwise. One indexed read (two on a use to note).</summary>
    public async Task<ApiCaller?> AuthenticateAsync(string secret, CancellationToken ct = default)
    {
        if (secret.Length > SecretLength || !secret.StartsWith(ApiToken.SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = ApiToken.HashOf(secret);
        var now = time.GetUtcNow();
        var found = await (from t in db.Set<ApiToken>()
                           join a in db.Agents on t.AgentId equals a.Id
                           where t.Hash == hash && a.IsActive
                           select new { Token = t, a.Email, a.DisplayName }).SingleOrDefaultAsync(ct);
        if (found is null || !found.Token.IsValidAt(now))
        {
            return null;
        }

        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == found.Token.AgentId
                           select r.Name!).ToListAsync(ct);
        if (found.Token.Use(now))
        {
            await db.SaveChangesAsync(ct);
        }

        return new ApiCaller(found.Token.Id, found.Token.AgentId, found.Email, found.DisplayName, roles, found.Token.Scope);
    }
}
