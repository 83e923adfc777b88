using Helpdesk.Core.Ports;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Microsoft.AspNetCore.DataProtection;

namespace Helpdesk.Web.Links;

/// <summary>
/// Survey links signed and encrypted with ASP.NET Core data protection: the token names the ticket, under a purpose
/// of its own (an opt-out token is no survey token). The rating in the link only preselects the answer on the page.
/// </summary>
public sealed class SatisfactionLinks(IDataProtectionProvider protection, MailIdentity identity) : ISatisfactionLinks
{
    private readonly SignedNumber _tickets = new(protection, "Helpdesk.Satisfaction.Survey.v1");

    public string Survey(int ticketNumber, SatisfactionRating rating) =>
        $"{identity.BaseUrl}/satisfaction?t={_tickets.Token(ticketNumber)}&r={rating.ToString().ToLowerInvariant()}";

    /// <summary>The ticket a token names, or null when it was tampered with or made with other keys.</summary>
    public int? Read(string? token) => _tickets.Read(token);
}
