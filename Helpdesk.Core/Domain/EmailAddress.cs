using System.Net.Mail;

namespace Helpdesk.Core.Domain;

/// <summary>A syntactically valid mailbox address, normalised to lower case.</summary>
public readonly record struct EmailAddress
{
    public EmailAddress(string value)
    {
        if (!TryNormalize(value, out var normalized))
        {
            throw new DomainException($"'{value}' is not a valid email address.");
        }

        Value = normalized;
    }

    public string Value { get; }

    public string Domain => Value[(Value.LastIndexOf('@') + 1)..];

    public static bool IsValid(string? value) => TryNormalize(value, out _);

    public static bool TryCreate(string? value, out EmailAddress address)
    {
        address = default;
        if (!TryNormalize(value, out var normalized))
        {
            return false;
        }

        address = new EmailAddress(normalized);
        return true;
    }

    public override string ToString() => Value;

    private static bool TryNormalize(string? value, out string normalized)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(value) || value.Length > Limits.EmailLength)
        {
            return false;
        }

        var trimmed = value.Trim();
        if (!MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed || parsed.Host.IndexOf('.') < 0 && parsed.Host != "localhost")
        {
            return false;
        }

        normalized = trimmed.ToLowerInvariant();
        return true;
    }
}
