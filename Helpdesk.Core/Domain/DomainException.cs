namespace Helpdesk.Core.Domain;

/// <summary>A request that breaks a business rule; shown to the user as it is.</summary>
public class DomainException(string message) : Exception(message);

/// <summary>The ticket changed since the user loaded it; nothing was saved.</summary>
public sealed class ConcurrencyConflictException(int ticketNumber)
    : DomainException($"Ticket #{ticketNumber} was changed by someone else while you were editing it. Nothing was saved: review the current state below and submit again.")
{
    public int TicketNumber { get; } = ticketNumber;
}

public sealed class NotFoundException(string what) : DomainException($"{what} was not found.");
