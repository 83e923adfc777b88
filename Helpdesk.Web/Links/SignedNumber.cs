using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Helpdesk.Web.Links;

/// <summary>
/// A number (a customer, a ticket) signed and encrypted with ASP.NET Core data protection under one purpose, as the
/// token of a link that needs no login: it cannot be forged or altered, nor taken for a token of another purpose.
/// </summary>
public sealed class SignedNumber(IDataProtectionProvider protection, string purpose)
{
    private readonly IDataProtector _protector = protection.CreateProtector(purpose);

    /// <summary>The token, escaped for a query string.</summary>
    public string Token(int number) => Uri.EscapeDataString(_protector.Protect(number.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The number a token names, or null when it was tampered with, made for another purpose or with other keys.</summary>
    public int? Read(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return int.TryParse(_protector.Unprotect(token), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
