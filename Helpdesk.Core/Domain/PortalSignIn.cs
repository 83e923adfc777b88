using System.Security.Cryptography;
using System.Text;

namespace Helpdesk.Core.Domain;

/// <summary>
/// A one-time link that signs a customer in to the portal: only the SHA-256 of its secret is stored, it lasts
/// <see cref="Validity"/>, and it works once.
/// </summary>
public sealed class PortalSignIn
{
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(15);

    private PortalSignIn()
    {
    }

    private PortalSignIn(int customerId, string tokenHash, DateTimeOffset now)
    {
        CustomerId = customerId;
        TokenHash = tokenHash;
        CreatedAt = now;
        ExpiresAt = now + Validity;
    }

    public long Id { get; private set; }

    public int CustomerId { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the link's secret.</summary>
    public string TokenHash { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? UsedAt { get; private set; }

    /// <summary>A new link for the customer: the row to store and the secret that goes in the email (never stored).</summary>
    public static (PortalSignIn SignIn, string Token) Issue(Customer customer, DateTimeOffset now)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (new PortalSignIn(customer.Id, Hash(token), now), token);
    }

    /// <summary>The stored form of a link's secret.</summary>
    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>True for text shaped like a secret this class issues (43 URL-safe base64 characters).</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
