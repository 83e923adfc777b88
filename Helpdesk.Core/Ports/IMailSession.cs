using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;

namespace Helpdesk.Core.Ports;

/// <summary>One batch's sending; disposing it closes the connection.</summary>
public interface IMailSession : IAsyncDisposable
{
    /// <summary>
    /// Sends one message to the recipients. Returns the recipients the server refused for good while it took the message
    /// for the others. Throws <see cref="MailRejectedException"/> when the message was refused for good (every
    /// recipient, or the message itself); any other exception is worth another try later.
    /// </summary>
    Task<IReadOnlyList<RefusedRecipient>> SendAsync(string from, IReadOnlyList<string> recipients, string messageId, ReadOnlyMemory<byte> message, CancellationToken ct = default);
}
