namespace Helpdesk.Core.Domain;

/// <summary>The ticket's other people: addresses on its Cc, and the closed ticket it follows up.</summary>
public sealed partial class Ticket
{
    /// <summary>Other addresses on the ticket: Cc'd on the customer's mail, or added as followers.</summary>
    public IReadOnlyCollection<TicketCc> Cc => _cc.AsReadOnly();

    /// <summary>The closed ticket this one follows up, when a customer wrote to a closed ticket.</summary>
    public int? FollowUpOf { get; private set; }

    public IReadOnlyList<string> CcAddresses => [.. _cc.Select(c => c.Address)];

    /// <summary>The requester, or an address on the ticket.</summary>
    public bool Involves(string email) =>
        string.Equals(Requester.Email, email, StringComparison.OrdinalIgnoreCase) || CcAddresses.Contains(email, StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds addresses to the ticket's Cc (the requester and duplicates left out).</summary>
    public void AddCc(IEnumerable<string> addresses, Actor by, DateTimeOffset now)
    {
        var current = CcAddresses.ToList();
        var added = addresses.Select(a => a.Trim().ToLowerInvariant()).Where(a => a.Length > 0 && !Involves(a)).Distinct().ToList();
        if (added.Count == 0)
        {
            return;
        }

        var joined = string.Join(", ", current.Concat(added));
        if (joined.Length > Limits.CcLength)
        {
            return; // a mailing of hundreds is not a conversation to copy everyone on
        }

        Record(by, now, "Cc", current.Count == 0 ? null : string.Join(", ", current), joined);
        _cc.AddRange(added.Select(a => new TicketCc(this, a)));
        Touch(now);
    }

    /// <summary>Links this new ticket to the closed one a customer wrote to.</summary>
    public void MarkFollowUpOf(int closedTicket, Actor by, DateTimeOffset now)
    {
        if (FollowUpOf == closedTicket)
        {
            return;
        }

        Record(by, now, "Follow-up of", FollowUpOf is int old ? $"#{old}" : null, $"#{closedTicket}");
        FollowUpOf = closedTicket;
        Touch(now);
    }
}
