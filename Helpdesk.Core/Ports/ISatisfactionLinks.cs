using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;

namespace Helpdesk.Core.Ports;

/// <summary>Signed links to a ticket's satisfaction survey: they name the ticket and cannot be forged or altered.</summary>
public interface ISatisfactionLinks
{
    /// <summary>The survey page of the ticket, with <paramref name="rating"/> chosen.</summary>
    string Survey(int ticketNumber, SatisfactionRating rating);
}
