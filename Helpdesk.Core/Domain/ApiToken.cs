using System.Security.Cryptography;
using System.Text;

namespace Helpdesk.Core.Domain;

/// <summary>What a personal API token may do: read, or read and write (always within its user's roles).</summary>
public enum ApiScope
{
    Read = 0,
    ReadWrite = 1,
}

/// <summary>
/// A personal API token (decision 021): created by a staff user on their settings, shown once, stored as the SHA-256 of
/// its secret (the secret is 256 random bits, so a fast hash is enough: there is nothing to guess), expiring, revocable,
/// with the moment it was last used. A request with it acts as its user, with its user's roles, narrowed by its scope.
/// </summary>
public sealed class ApiToken
{
    public const string SecretPrefix = "hd_";
    public const int NameLength = 100;
    public const int MaxDays = 366;

    private ApiToken()
    {
    }

    public long Id { get; private set; }

    public string AgentId { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public ApiScope Scope { get; private set; }

    /// <summary>Lowercase hex SHA-256 of the whole secret; unique.</summary>
    public string Hash { get; private set; } = string.Empty;

    /// <summary>The secret's first characters, to tell tokens apart on the settings page ("hd_Xy3k…").</summary>
    public string Prefix { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>A new token and its secret, which is never stored and shown to its owner once.</summary>
    public static (ApiToken Token, string Secret) Issue(string agentId, string name, ApiScope scope, int days, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Name the token after what uses it.");
        }

        if (days is < 1 or > MaxDays)
        {
            throw new DomainException($"A token lasts 1 to {MaxDays} days.");
        }

        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = new ApiToken
        {
            AgentId = agentId,
            Name = name.Trim(),
            Scope = Enum.IsDefined(scope) ? scope : ApiScope.Read,
            Hash = HashOf(secret),
            Prefix = secret[..10],
            CreatedAt = now,
            ExpiresAt = now.AddDays(days),
        };
        return (token, secret);
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public bool IsValidAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    /// <summary>Notes a use; at most once a minute, so that a busy integration does not write on every request.</summary>
    public bool Use(DateTimeOffset now)
    {
        if (LastUsedAt is { } last && now - last < TimeSpan.FromMinutes(1))
        {
            return false;
        }

        LastUsedAt = now;
        return true;
    }
}
