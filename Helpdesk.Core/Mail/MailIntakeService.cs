using System.Text.RegularExpressions;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;

namespace Helpdesk.Core.Mail;

/// <summary>
/// Turns a stored, parsed email into a ticket or a reply, in one unit of work with its acknowledgement and
/// the inbound row's outcome: bounces are recorded against the customer, mail from our own addresses is
/// ignored, a reply is threaded by the subject token, In-Reply-To/References, a plus-address or the
/// reference marker in quoted text (the sender must be on that ticket, or the policy says what to do), a
/// reply to a Solved ticket reopens it and one to a Closed ticket opens a linked follow-up. Automatic mail
/// (RFC 3834) and busy senders get no acknowledgement.
/// </summary>
public sealed partial class MailIntakeService(
    IHelpdeskStore store, IInboundStore inbound, DirectoryService directory, TicketSaver saver, MailComposer composer,
    IDisruptionStore disruptions, IntakeOptions options, TimeProvider time)
{
    public async Task<string> ProcessAsync(InboundMessage row, InboundMail mail, MailboxDefaults defaults, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var from = mail.From.FirstOrDefault()?.Address;
        if (from is not null && options.OwnAddresses.Contains(from, StringComparer.OrdinalIgnoreCase))
        {
            row.Ignored($"From our own address {from}: never a ticket (mail loop guard).", now);
            return row.Outcome!;
        }

        if (mail.IsDeliveryReport)
        {
            var recorded = new List<string>();
            foreach (var (recipient, status) in mail.FailedRecipients)
            {
                if (EmailAddress.TryCreate(recipient, out var address) && await store.FindCustomerByEmailAsync(address, ct) is { } customer)
                {
                    customer.RecordBounce($"{status} (bounce of {mail.Subject})", now);
                    recorded.Add(customer.Email);
                }
            }

            row.Ignored(recorded.Count > 0 ? $"Bounce recorded for {string.Join(", ", recorded)}." : "Bounce for an address that is not a customer's.", now);
            return row.Outcome!;
        }

        var sender = mail.Sender;
        if (sender is null || !EmailAddress.TryCreate(sender.Address, out var senderAddress))
        {
            throw new DomainException($"No usable sender address (From: {from ?? "none"}).");
        }

        var customerFor = await directory.FindOrAddCustomerAsync(senderAddress, sender.Name, ct);
        // The customer's language, from what their mail says of it, until someone sets one (decision 020).
        customerFor.GuessLanguage(mail.Headers.GetValueOrDefault("content-language") ?? mail.Headers.GetValueOrDefault("accept-language"));
        var actor = Actor.ForCustomer(customerFor);
        var text = mail.Text ?? string.Empty; // an HTML-only message's text was made from its HTML before the transaction
        if (string.IsNullOrWhiteSpace(text) && mail.Attachments.Count == 0)
        {
            text = "(empty message)";
        }

        var cc = mail.To.Concat(mail.Cc).Select(a => a.Address)
            .Where(a => !options.OwnAddresses.Contains(a, StringComparer.OrdinalIgnoreCase) && !IsPlusAddress(a))
            .ToList();

        var (existing, how) = await ThreadAsync(mail, ct);
        if (existing is not null)
        {
            var onTicket = existing.Involves(senderAddress.Value);
            if (onTicket || options.UnknownSender == UnknownSenderPolicy.AddAsFollower)
            {
                if (existing.Status == TicketStatus.Closed)
                {
                    var (followUp, followUpDisruption) = await OpenAsync(mail, customerFor, actor, text, defaults, cc, now, ct);
                    followUp.MarkFollowUpOf(existing.Number, actor, now);
                    store.Add(followUp);
                    await saver.SaveAsync(now, $"follow-up of closed ticket #{existing.Number} by email", ct);
                    await AcknowledgeAsync(followUp, followUpDisruption, mail, senderAddress, now, ct);
                    row.Processed(followUp.Number, $"Follow-up ticket #{followUp.Number} of closed ticket #{existing.Number} ({how}).", now);
                    return row.Outcome!;
                }

                if (!onTicket)
                {
                    existing.AddCc([senderAddress.Value], actor, now);
                }

                var reopened = existing.Status == TicketStatus.Solved;
                var message = existing.AddCustomerMessage(customerFor, text, now, mail.Attachments);
                message.SetEmailOrigin(mail.MessageId, mail.Html, mail.QuotedStart, mail.SafeHtml, mail.FreshHtml);
                existing.AddCc(cc, actor, now);
                await saver.SaveAsync(now, "customer email", ct);
                row.Processed(existing.Number, $"Reply on ticket #{existing.Number} ({how}){(reopened ? ", reopened" : string.Empty)}{(onTicket ? string.Empty : ", sender added to the ticket")}.", now);
                return row.Outcome!;
            }

            how = $"{how}, but {senderAddress.Value} is not on ticket #{existing.Number}";
        }

        var (ticket, disruption) = await OpenAsync(mail, customerFor, actor, text, defaults, cc, now, ct);
        store.Add(ticket);
        await saver.SaveAsync(now, "ticket created by email", ct); // the number, for the acknowledgement and the outcome
        var acknowledged = await AcknowledgeAsync(ticket, disruption, mail, senderAddress, now, ct);
        row.Processed(ticket.Number, $"New ticket #{ticket.Number}{(existing is null ? string.Empty : $" ({how})")}{(acknowledged is null ? "; acknowledged" : $"; no acknowledgement: {acknowledged}")}.", now);
        return row.Outcome!;
    }

    /// <summary>A new ticket from the email, linked to the active disruption it is in the scope of (returned too).</summary>
    private async Task<(Ticket Ticket, Disruption? Disruption)> OpenAsync(InboundMail mail, Customer customer, Actor actor, string text, MailboxDefaults defaults, List<string> cc, DateTimeOffset now, CancellationToken ct)
    {
        var subject = string.IsNullOrWhiteSpace(mail.Subject) ? "(no subject)" : mail.Subject.Trim();
        if (subject.Length > Limits.SubjectLength)
        {
            subject = subject[..Limits.SubjectLength];
        }

        var ticket = Ticket.Open(subject, customer, text, TicketChannel.Email, defaults.Priority, actor, now, mail.Attachments);
        ticket.Messages.First().SetEmailOrigin(mail.MessageId, mail.Html, mail.QuotedStart, mail.SafeHtml, mail.FreshHtml);
        if (defaults.GroupId is int groupId && await store.FindGroupAsync(groupId, ct) is { } group)
        {
            ticket.ChangeGroup(group, Actor.System, now);
        }

        if (defaults.CategoryId is int categoryId && await store.FindCategoryAsync(categoryId, ct) is { } category)
        {
            ticket.ChangeCategory(category, Actor.System, now);
        }

        ticket.AddCc(cc, actor, now);

        // During a disruption, a new ticket in its scope is about it: linked, and told so in the acknowledgement.
        return (ticket, await disruptions.LinkIfTouchedAsync(ticket, now, ct));
    }

    /// <summary>Queues the acknowledgement unless the rules say not to; returns why not, or null when queued.</summary>
    private async Task<string?> AcknowledgeAsync(Ticket ticket, Disruption? disruption, InboundMail mail, EmailAddress sender, DateTimeOffset now, CancellationToken ct)
    {
        if (AutomaticReason(mail) is { } automatic)
        {
            return automatic;
        }

        // A forged sender would get our mail (backscatter): none where the receiving server says the domain failed.
        if (mail.AuthenticationFailure is { } failure && !options.AcknowledgeUnauthenticated)
        {
            return $"the sender's domain failed authentication ({failure})";
        }

        var recent = await inbound.CountFromAsync(sender.Value, now.AddHours(-1), ct);
        if (recent > options.AcknowledgementsPerHour)
        {
            return $"{recent} messages from this sender in the last hour";
        }

        var sent = await inbound.CountAcknowledgementsAsync(now.AddHours(-1), ct);
        if (sent >= options.AcknowledgementsPerHourTotal)
        {
            return $"{sent} acknowledgements in the last hour, the most there may be";
        }

        composer.QueueAcknowledgement(ticket, mail.MessageId, disruption is { Latest: { } latest } ? $"{disruption.Title}: {latest.Message}" : null);
        return null;
    }

    /// <summary>Why a message is automatic (RFC 3834 and common practice), or null when a person wrote it.</summary>
    public static string? AutomaticReason(InboundMail mail)
    {
        string? Header(string name) => mail.Headers.GetValueOrDefault(name);
        if (Header("auto-submitted") is { } auto && !auto.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return $"Auto-Submitted: {auto.Trim()}";
        }

        if (Header("precedence") is { } precedence && precedence.Trim().ToLowerInvariant() is "bulk" or "junk" or "list")
        {
            return $"Precedence: {precedence.Trim()}";
        }

        if (mail.Headers.Keys.FirstOrDefault(k => k.StartsWith("list-", StringComparison.Ordinal)) is { } list)
        {
            return $"mailing list ({list})";
        }

        if (Header("x-auto-response-suppress") is { } suppress)
        {
            return $"X-Auto-Response-Suppress: {suppress.Trim()}";
        }

        if (Header("return-path") is { } returnPath && returnPath.Trim() is "<>" or "")
        {
            return "empty Return-Path";
        }

        if (mail.From.FirstOrDefault()?.Address is { } from && from.Split('@')[0].ToLowerInvariant() is "mailer-daemon" or "postmaster" or "noreply" or "no-reply")
        {
            return $"from {from}";
        }

        return null;
    }

    /// <summary>The ticket a message answers, and how it was told; mail about a merged ticket goes to the one it was merged into.</summary>
    private async Task<(Ticket? Ticket, string How)> ThreadAsync(InboundMail mail, CancellationToken ct)
    {
        var (ticket, how) = await ThreadedAsync(mail, ct);
        for (var hops = 0; ticket?.MergedInto is int survivor && hops < 10; hops++)
        {
            if (await store.FindTicketAsync(survivor, ct) is not { } next)
            {
                break;
            }

            how = $"{how}, #{ticket.Number} merged into #{next.Number}";
            ticket = next;
        }

        return (ticket, how);
    }

    private async Task<(Ticket? Ticket, string How)> ThreadedAsync(InboundMail mail, CancellationToken ct)
    {
        if (mail.Subject is { } subject && TokenPattern().Match(subject) is { Success: true } token
            && await store.FindTicketAsync(int.Parse(token.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), ct) is { } byToken)
        {
            return (byToken, $"subject token [#{byToken.Number}]");
        }

        var ids = mail.InReplyTo.Concat(mail.References).Distinct().ToList();
        if (ids.Count > 0 && await inbound.TicketForMessageIdsAsync(ids, ct) is int number && await store.FindTicketAsync(number, ct) is { } byReference)
        {
            return (byReference, "In-Reply-To/References");
        }

        foreach (var address in mail.To.Concat(mail.Cc).Select(a => a.Address))
        {
            if (PlusPattern().Match(address) is { Success: true } plus
                && options.OwnAddresses.Contains(plus.Groups[1].Value + plus.Groups[3].Value, StringComparer.OrdinalIgnoreCase)
                && await store.FindTicketAsync(int.Parse(plus.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), ct) is { } byPlus)
            {
                return (byPlus, $"plus-address {address}");
            }
        }

        var body = (mail.Text ?? string.Empty) + (mail.Html ?? string.Empty);
        if (MarkerPattern().Match(body) is { Success: true } marker
            && await store.FindTicketAsync(int.Parse(marker.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), ct) is { } byMarker)
        {
            return (byMarker, "reference marker in the quoted text");
        }

        return (null, "new conversation");
    }

    private bool IsPlusAddress(string address) =>
        PlusPattern().Match(address) is { Success: true } plus && options.OwnAddresses.Contains(plus.Groups[1].Value + plus.Groups[3].Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>The marker our outgoing mail carries in its text: it survives providers that rewrite Message-IDs.</summary>
    public static string Marker(int ticketNumber) => $"[ref:HD-{ticketNumber}]";

    /// <summary>Every pattern here reads what a stranger sent: linear as written, and stopped if that ever fails.</summary>
    private const int MatchTimeoutMs = 1000;

    [GeneratedRegex(@"\[#(\d{1,9})\]", RegexOptions.None, matchTimeoutMilliseconds: MatchTimeoutMs)]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^([^@+]+)\+(\d{1,9})(@.+)$", RegexOptions.None, matchTimeoutMilliseconds: MatchTimeoutMs)]
    private static partial Regex PlusPattern();

    [GeneratedRegex(@"\[ref:HD-(\d{1,9})\]", RegexOptions.None, matchTimeoutMilliseconds: MatchTimeoutMs)]
    private static partial Regex MarkerPattern();

}
