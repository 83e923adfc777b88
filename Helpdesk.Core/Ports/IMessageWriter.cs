using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;

namespace Helpdesk.Core.Ports;

/// <summary>Turns an outbox row into RFC 5322 bytes (signed, when signing is set up), sent as they are on every
/// attempt.</summary>
public interface IMessageWriter
{
    byte[] Write(OutboxMessage message, DateTimeOffset date);
}
