using Helpdesk.Core.Mail;

namespace Helpdesk.Web.Models;

/// <summary>A configured mailbox as the admin page shows it (never its password or token) with how its polling goes.</summary>
public sealed record MailboxRow(
    string Name, string Account, string Server, string Folder, string AfterImport, DateTimeOffset? LastPollAt, string? LastError, long? LastUid, int Imported);

/// <summary>A received message in the admin's list.</summary>
public sealed record InboundRow(long Id, DateTimeOffset ReceivedAt, string Mailbox, string? From, string? Subject, InboundState State, int? TicketNumber, string? Outcome);

public sealed class MailAdminViewModel
{
    public required IReadOnlyList<MailboxRow> Mailboxes { get; init; }

    public required IReadOnlyList<InboundRow> Messages { get; init; }

    public required IReadOnlyDictionary<InboundState, int> Counts { get; init; }

    public string? Filter { get; init; }
}
