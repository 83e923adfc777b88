using Helpdesk.Core.Ports;
using System.Globalization;
using System.Text;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Sla;

namespace Helpdesk.Core.Mail;

/// <summary>
/// Every email the helpdesk writes, in one place: each is queued in the outbox in the caller's unit of work, so it
/// commits with the change it reports, and <see cref="OutboxDispatcher"/> sends it later.
/// </summary>
public sealed class MailComposer(IOutboxStore store, IConversationHistory history, MailIdentity identity, DisplayZone zone, TimeProvider time, EmailTemplates? templates = null, DefaultLanguage? language = null)
{
    /// <summary>Earlier messages quoted below a reply, at most (as Zendesk, newest first).</summary>
    public const int QuotedMessages = 20;

    /// <summary>
    /// An agent's public reply, to the requester with the ticket's followers on Cc, threaded under the ticket, with the earlier public messages quoted
    /// below it (newest first, each with its author and time in the customer's zone), as text and as HTML.
    /// </summary>
    public async Task<OutboxMessage> QueueReplyAsync(Ticket ticket, TicketMessage reply, CancellationToken ct = default)
    {
        // Queued before the reply is committed, so what is stored is what came before it.
        var earlier = await history.PublicMessagesAsync(ticket.Number, QuotedMessages, ct);
        var reader = zone.For(ticket.Requester);
        var now = time.GetUtcNow();
        var footer = $"Reply to this email to add to ticket #{ticket.Number}. {MailIntakeService.Marker(ticket.Number)}";

        var text = new StringBuilder()
            .Append(reply.Body).Append("\n\n-- \n").Append(reply.AuthorName).Append('\n').Append(identity.FromName).Append("\n\n")
            .Append(footer).Append('\n');
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif;font-size:14px;line-height:1.4\">")
            .Append("<div>").Append(Html(reply.Body)).Append("</div>")
            .Append("<p style=\"color:#555\">").Append(Html(reply.AuthorName)).Append("<br>").Append(Html(identity.FromName)).Append("</p>")
            .Append("<p style=\"color:#555;font-size:12px\">").Append(Html(footer)).Append("</p>");
        foreach (var message in earlier)
        {
            var said = $"{message.Author}, {TimeZones.Spoken(message.At, reader, now)}";
            text.Append("\n----\n").Append(said).Append(":\n\n").Append(message.Text).Append('\n');
            html.Append("<hr style=\"border:0;border-top:1px solid #ccc\"><p style=\"color:#555;margin-bottom:4px\"><strong>")
                .Append(Html(message.Author)).Append("</strong>, ").Append(Html(TimeZones.Spoken(message.At, reader, now))).Append("</p><div>")
                .Append(Html(message.Text)).Append("</div>");
        }

        html.Append("</body></html>");
        var queued = new OutboxMessage(
            OutboxKind.Reply,
            ticket.Number,
            identity.NewMessageId(),
            ticket.Requester.Email,
            ticket.CcAddresses.Count > 0 ? string.Join(", ", ticket.CcAddresses) : null, // the ticket's followers get its public replies
            $"[#{ticket.Number}] {ticket.Subject}",
            text.ToString(),
            ThreadRoot(ticket),
            ThreadRoot(ticket),
            automatic: false,
            now,
            htmlBody: html.ToString());
        store.Add(queued);
        return queued;
    }

    /// <summary>Text as HTML: every character escaped, line breaks kept.</summary>
    private static string Html(string text) =>
        System.Net.WebUtility.HtmlEncode(text).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "<br>\n", StringComparison.Ordinal);

    /// <summary>
    /// The automatic answer to a customer's new ticket by email: its number and how to add to it, threaded
    /// under the customer's message and marked as an auto-reply (RFC 3834) so that no machine answers it.
    /// </summary>
    public OutboxMessage QueueAcknowledgement(Ticket ticket, string? inReplyTo, string? disruptionNotice = null)
    {
        var parent = inReplyTo is { Length: > 0 } ? $"<{inReplyTo}>" : null;
        var reads = Language.For(ticket.Requester);
        var values = TicketValues(ticket, "requester", ticket.Requester, reads);
        values["sla"] = new Dictionary<string, string> { ["promise"] = Promise(ticket, reads) ?? string.Empty };
        values["disruption"] = new Dictionary<string, string> { ["notice"] = disruptionNotice ?? string.Empty };
        values["links"] = new Dictionary<string, string> { ["status"] = $"{identity.BaseUrl}/status" };
        var email = Templates.Render(EmailTemplateKind.Acknowledgement, reads, values);
        var message = new OutboxMessage(
            OutboxKind.Acknowledgement,
            ticket.Number,
            identity.NewMessageId(),
            ticket.Requester.Email,
            null,
            Tokened(ticket, email.Subject),
            WithMarker(ticket, email.Body),
            parent ?? ThreadRoot(ticket),
            parent is null ? ThreadRoot(ticket) : $"{ThreadRoot(ticket)} {parent}",
            automatic: true,
            time.GetUtcNow());
        store.Add(message);
        return message;
    }

    private EmailTemplates Templates { get; } = templates ?? new EmailTemplates();

    private DefaultLanguage Language { get; } = language ?? DefaultLanguage.English;

    /// <summary>The values every ticket email shares: the ticket, the person it goes to (under <paramref name="person"/>), the team.</summary>
    private Dictionary<string, IReadOnlyDictionary<string, string>> TicketValues(Ticket ticket, string person, Customer to, string reads = Languages.English) => new()
    {
        ["ticket"] = new Dictionary<string, string>
        {
            ["number"] = ticket.Number.ToString(CultureInfo.InvariantCulture), ["subject"] = ticket.Subject,
            ["status"] = reads == Languages.English ? ticket.Status.Label() : Languages.CustomerStatus(ticket.Status, reads), ["priority"] = ticket.Priority.ToString(),
        },
        [person] = Person(to.Name, to.Email),
        ["team"] = new Dictionary<string, string> { ["name"] = identity.FromName },
    };

    private static Dictionary<string, string> Person(string? name, string email) => new()
    {
        ["name"] = name ?? email, ["first_name"] = name is { } n ? n.Trim().Split(' ', 2)[0] : email, ["email"] = email,
    };

    /// <summary>A ticket's subject always carries its token, whatever the template says: replies thread by it.</summary>
    private static string Tokened(Ticket ticket, string subject) => Tokened(ticket.Number, subject);

    /// <summary>The subject with the ticket's <c>[#n]</c> token in front unless it has it (the template preview shows it so).</summary>
    public static string Tokened(int number, string subject) =>
        subject.Contains($"[#{number}]", StringComparison.Ordinal) ? subject : $"[#{number}] {subject}";

    /// <summary>A ticket's text always ends with its marker, which survives providers that rewrite Message-IDs.</summary>
    private static string WithMarker(Ticket ticket, string body) => WithMarker(ticket.Number, body);

    /// <summary>The text with the ticket's reference marker as its last line.</summary>
    public static string WithMarker(int number, string body) => $"{body.TrimEnd('\n')}\n{MailIntakeService.Marker(number)}\n";

    /// <summary>
    /// The first reply the ticket's SLA commits to, in the customer's own time zone ("You will hear from us by Tuesday
    /// 3 March, 10:00 (Lisbon time)."), or null when there is no running first-response target.
    /// </summary>
    public string? Promise(Ticket ticket) => Promise(ticket, Language.For(ticket.Requester));

    private string? Promise(Ticket ticket, string reads) =>
        ticket.FirstReplyPromisedBy is { } due
            ? reads == Languages.Portuguese
                ? $"Terá a nossa resposta até {TimeZones.Spoken(due, zone.For(ticket.Requester), time.GetUtcNow(), reads)}."
                : $"You will hear from us by {TimeZones.Spoken(due, zone.For(ticket.Requester), time.GetUtcNow())}."
            : null;

    /// <summary>
    /// Tells a customer that an agent opened a ticket for them (a phone call, a chat): its number, what was written
    /// down, and the first reply it is promised. Written by a person's action, so not marked automatic.
    /// </summary>
    public OutboxMessage QueueOpenedForCustomer(Ticket ticket, Agent agent)
    {
        var description = ticket.Messages.FirstOrDefault()?.Body ?? string.Empty;
        var message = new OutboxMessage(
            OutboxKind.Reply,
            ticket.Number,
            identity.NewMessageId(),
            ticket.Requester.Email,
            null,
            $"[#{ticket.Number}] {ticket.Subject}",
            $"Hello {ticket.Requester.Name ?? ticket.Requester.Email},\n\n" +
            $"{agent.DisplayName} opened ticket #{ticket.Number} for you: \"{ticket.Subject}\".\n\n" +
            $"What we wrote down:\n\n{description}\n\n" +
            (Promise(ticket) is { } promise ? promise + "\n\n" : string.Empty) +
            "To add anything or correct us, reply to this email and keep the ticket number in the subject.\n\n" +
            $"-- \n{identity.FromName}\n{MailIntakeService.Marker(ticket.Number)}\n",
            ThreadRoot(ticket),
            ThreadRoot(ticket),
            automatic: false,
            time.GetUtcNow());
        store.Add(message);
        return message;
    }

    /// <summary>Who the mail comes from, as people read it ("Acme Support"): the <c>agent</c> of an automation's template.</summary>
    public string TeamName => identity.FromName;

    /// <summary>
    /// An automation's email to the requester (a reminder, a notice that the ticket was solved): threaded under the ticket,
    /// with its number in the subject so that an answer lands on it, and marked auto-generated (RFC 3834).
    /// </summary>
    public OutboxMessage QueueAutomationEmail(Ticket ticket, string subject, string body)
    {
        var message = new OutboxMessage(
            OutboxKind.Automation,
            ticket.Number,
            identity.NewMessageId(),
            ticket.Requester.Email,
            ticket.CcAddresses.Count > 0 ? string.Join(", ", ticket.CcAddresses) : null,
            $"[#{ticket.Number}] {subject}",
            $"{body}\n\n-- \n{identity.FromName}\nReply to this email to add to ticket #{ticket.Number}. {MailIntakeService.Marker(ticket.Number)}\n",
            ThreadRoot(ticket),
            ThreadRoot(ticket),
            automatic: true,
            time.GetUtcNow());
        store.Add(message);
        return message;
    }

    /// <summary>
    /// Tells the customer of a merged duplicate that their request continues on the surviving ticket: threaded under the
    /// duplicate's conversation (where their mail client shows it) with the survivor's number in the subject, so a reply
    /// lands there. Written by a person's action, so not marked automatic.
    /// </summary>
    public OutboxMessage QueueMergeNotice(Ticket duplicate, Ticket survivor)
    {
        var message = new OutboxMessage(
            OutboxKind.MergeNotice,
            survivor.Number,
            identity.NewMessageId(),
            duplicate.Requester.Email,
            null,
            $"[#{survivor.Number}] {survivor.Subject}",
            $"Hello {duplicate.Requester.Name ?? duplicate.Requester.Email},\n\n" +
            $"your request #{duplicate.Number} \"{duplicate.Subject}\" is about the same matter as ticket #{survivor.Number} " +
            $"\"{survivor.Subject}\", so we have joined them: everything you wrote is now on ticket #{survivor.Number}, " +
            "and we will answer you there.\n\n" +
            $"To add anything, reply to this email and keep the ticket number #{survivor.Number} in the subject.\n\n" +
            $"-- \n{identity.FromName}\n{MailIntakeService.Marker(survivor.Number)}\n",
            ThreadRoot(duplicate),
            $"{ThreadRoot(duplicate)} {ThreadRoot(survivor)}",
            automatic: false,
            time.GetUtcNow());
        store.Add(message);
        return message;
    }

    /// <summary>
    /// The portal's one-time sign-in link, to the customer who asked for it: automatic, about no ticket, and saying what
    /// to do if they did not ask.
    /// </summary>
    public OutboxMessage QueuePortalLink(Customer customer, string token, TimeSpan validity)
    {
        var email = Templates.Render(EmailTemplateKind.PortalLink, Language.For(customer), new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["customer"] = Person(customer.Name, customer.Email),
            ["team"] = new Dictionary<string, string> { ["name"] = identity.FromName },
            ["links"] = new Dictionary<string, string>
            {
                ["sign_in"] = $"{identity.BaseUrl}/portal/sign-in/{token}", ["valid_minutes"] = ((int)validity.TotalMinutes).ToString(CultureInfo.InvariantCulture),
            },
        });
        var message = new OutboxMessage(OutboxKind.PortalLink, null, identity.NewMessageId(), customer.Email, null, email.Subject, email.Body, null, null, automatic: true, time.GetUtcNow());
        store.Add(message);
        return message;
    }

    /// <summary>
    /// An organization's report for a month, to one contact who asked for it: automatic, about no ticket, text and HTML,
    /// with the link to the same report on the portal.
    /// </summary>
    public OutboxMessage QueueMonthlyReport(Reports.MonthlyReport report, ReportRecipient recipient)
    {
        var link = $"{identity.BaseUrl}/portal/report?month={report.Month.Year:D4}-{report.Month.Month:D2}";
        var name = recipient.Name ?? recipient.Email;
        var language = Language.For(recipient.Language, null);
        var email = Templates.Render(EmailTemplateKind.MonthlyReport, language, new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["contact"] = Person(recipient.Name, recipient.Email),
            ["team"] = new Dictionary<string, string> { ["name"] = identity.FromName },
            ["organization"] = new Dictionary<string, string> { ["name"] = report.Organization },
            ["report"] = new Dictionary<string, string>
            {
                ["month"] = Reports.MonthlyReportText.MonthName(report.Month, language),
                ["zone"] = language == Languages.Portuguese ? TimeZones.LabelPt(report.Zone) : TimeZones.Label(report.Zone),
                ["figures"] = Reports.MonthlyReportText.Figures(report, language),
            },
            ["links"] = new Dictionary<string, string> { ["report"] = link },
        });
        var message = new OutboxMessage(
            OutboxKind.MonthlyReport,
            null,
            identity.NewMessageId(),
            recipient.Email,
            null,
            email.Subject,
            email.Body,
            null,
            null,
            automatic: true,
            time.GetUtcNow(),
            // The default's HTML has the figures as lists; an admin's own words go as their text, line for line.
            htmlBody: email.Custom ? $"<!DOCTYPE html><html><body style=\"font-family:sans-serif;font-size:14px;line-height:1.4\">{Html(email.Body)}</body></html>" : Reports.MonthlyReportText.Html(report, name, link, identity.FromName, language));
        store.Add(message);
        return message;
    }

    /// <summary>
    /// The satisfaction survey of a solved ticket, to the requester only: automatic (RFC 3834 auto-generated, so no
    /// machine answers it) and threaded under the ticket, so a reply saying it is not solved reopens it.
    /// </summary>
    public OutboxMessage QueueSurvey(Ticket ticket, string goodUrl, string badUrl, TimeSpan validity)
    {
        var reads = Language.For(ticket.Requester);
        var values = TicketValues(ticket, "requester", ticket.Requester, reads);
        values["survey"] = new Dictionary<string, string>
        {
            ["good_url"] = goodUrl, ["bad_url"] = badUrl, ["valid_days"] = ((int)validity.TotalDays).ToString(CultureInfo.InvariantCulture),
        };
        var email = Templates.Render(EmailTemplateKind.Survey, reads, values);
        var message = new OutboxMessage(
            OutboxKind.Survey,
            ticket.Number,
            identity.NewMessageId(),
            ticket.Requester.Email,
            null,
            Tokened(ticket, email.Subject),
            WithMarker(ticket, email.Body),
            ThreadRoot(ticket),
            ThreadRoot(ticket),
            automatic: true,
            time.GetUtcNow());
        store.Add(message);
        return message;
    }

    /// <summary>
    /// A disruption notice to one customer: the newest update and, when several are told at once (merged within the
    /// notice window), the earlier ones below it, newest first. Automatic, with a one-click unsubscribe (RFC 8058).
    /// </summary>
    public OutboxMessage QueueNotice(string email, string? name, string optOutUrl, string oneClickUrl, Disruption disruption, IReadOnlyList<DisruptionUpdate> updates, string? reads = null)
    {
        var (subject, body) = Notice(email, name, optOutUrl, disruption, updates, reads ?? Language.Tag);
        var message = new OutboxMessage(OutboxKind.Notice, null, identity.NewMessageId(), email, null, subject, body, null, null, automatic: true, time.GetUtcNow(), oneClickUrl);
        message.About(disruption);
        store.Add(message);
        return message;
    }

    /// <summary>A held notice told of a later update too: it says all of them when it goes.</summary>
    public void MergeNotice(OutboxMessage held, string? name, string optOutUrl, Disruption disruption, IReadOnlyList<DisruptionUpdate> updates, string? reads = null)
    {
        var (subject, body) = Notice(held.To, name, optOutUrl, disruption, updates, reads ?? Language.Tag);
        held.Rewrite(subject, body, time.GetUtcNow());
    }

    private (string Subject, string Body) Notice(string email, string? name, string optOutUrl, Disruption disruption, IReadOnlyList<DisruptionUpdate> updates, string reads)
    {
        var newest = updates.MaxBy(u => u.At)!;
        var earlier = new StringBuilder();
        foreach (var update in updates.Where(u => u != newest).OrderByDescending(u => u.At))
        {
            earlier.Append('\n').Append(update.Status.Label(reads)).Append(" (").Append(update.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC): ")
                .Append(update.Message).Append('\n');
        }

        var rendered = Templates.Render(EmailTemplateKind.DisruptionNotice, reads, new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["recipient"] = Person(name, email),
            ["team"] = new Dictionary<string, string> { ["name"] = identity.FromName },
            ["disruption"] = new Dictionary<string, string>
            {
                ["title"] = disruption.Title, ["status"] = newest.Status.Label(reads), ["message"] = newest.Message, ["earlier_updates"] = earlier.ToString(),
            },
            ["links"] = new Dictionary<string, string> { ["status"] = $"{identity.BaseUrl}/status", ["opt_out"] = optOutUrl },
        });
        return (rendered.Subject, rendered.Body);
    }

    /// <summary>
    /// An escalation alert to the supervisors of the ticket's group: one per clock and sweep, naming the highest level
    /// reached and any lower ones passed since the last check. <paramref name="overdue"/> is the business time since a breach.
    /// </summary>
    public IReadOnlyList<OutboxMessage> QueueEscalationAlert(
        Ticket ticket, SlaClock clock, SlaEscalation escalation, IReadOnlyList<SlaEscalation> alsoPassed, IReadOnlyList<StaffContact> supervisors, TimeSpan overdue)
    {
        // One alert per language the supervisors read, each to those who read it.
        var messages = new List<OutboxMessage>();
        foreach (var readers in supervisors.GroupBy(s => Language.For(s.Language, null)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            messages.Add(QueueEscalationAlert(ticket, clock, escalation, alsoPassed, [.. readers], overdue, readers.Key));
        }

        return messages;
    }

    private OutboxMessage QueueEscalationAlert(
        Ticket ticket, SlaClock clock, SlaEscalation escalation, IReadOnlyList<SlaEscalation> alsoPassed, IReadOnlyList<StaffContact> supervisors, TimeSpan overdue, string language)
    {
        var pt = language == Languages.Portuguese;
        var metric = Languages.Metric(escalation.Metric, language);
        var left = SlaEngine.Format(TimeSpan.FromMinutes(clock.TargetMinutes * (100 - (escalation.Percent ?? 100)) / 100.0));
        var state = escalation.IsBreach || escalation.IsReminder
            ? pt ? $"INCUMPRIDO, em atraso {SlaEngine.Format(overdue)} (tempo útil)" : $"BREACHED, overdue {SlaEngine.Format(overdue)} (business time)"
            : pt ? $"{escalation.Percent} % do objetivo usado, faltam {left} (tempo útil)" : $"{escalation.Percent} % of the target used, {left} left (business time)";
        var requester = ticket.Requester;
        var values = TicketValues(ticket, "requester", requester);
        values.Remove("requester");
        if (pt)
        {
            values["ticket"] = new Dictionary<string, string>(values["ticket"]) { ["status"] = Languages.Status(ticket.Status, language), ["priority"] = Languages.Priority(ticket.Priority, language) };
        }

        values["alert"] = new Dictionary<string, string>
        {
            ["headline"] = escalation switch
            {
                { IsBreach: true } => pt ? "SLA incumprido" : "SLA breached",
                { IsReminder: true } => pt ? $"SLA ainda incumprido (lembrete {escalation.Level - SlaEscalation.BreachLevel})" : $"SLA still breached (reminder {escalation.Level - SlaEscalation.BreachLevel})",
                _ => pt ? $"Aviso de SLA ({escalation.Percent} %)" : $"SLA warning ({escalation.Percent} %)",
            },
            ["metric"] = metric,
            ["state"] = state,
            ["target"] = SlaEngine.Format(clock.TargetMinutes),
            ["policy"] = clock.PolicyName,
            ["customer"] = $"{(requester.Name is { } name ? $"{name} <{requester.Email}>" : requester.Email)}{(requester.Organization is { } org ? $" ({org.Name})" : string.Empty)}",
            ["also_passed"] = string.Join(", ", alsoPassed.Select(p => pt ? p.DescribePt(metric) : p.Describe(metric))),
            ["due"] = (clock.DueAt ?? clock.BreachedAt)?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? (pt ? "em pausa" : "paused"),
            ["assignee"] = $"{ticket.Assignee?.DisplayName ?? (pt ? "ninguém" : "nobody")}{(ticket.Group is { } g ? $" ({g.Name})" : string.Empty)}",
        };
        values["links"] = new Dictionary<string, string> { ["ticket"] = $"{identity.BaseUrl}/tickets/{ticket.Number}" };
        var email = Templates.Render(EmailTemplateKind.EscalationAlert, language, values);
        var subject = Tokened(ticket, email.Subject);
        var body = email.Body;
        var message = new OutboxMessage(
            OutboxKind.Alert,
            ticket.Number,
            identity.NewMessageId(),
            string.Join(", ", supervisors.Select(s => s.Email)),
            null,
            subject,
            body,
            null,
            null,
            automatic: true,
            time.GetUtcNow());
        store.Add(message);
        return message;
    }

    /// <summary>A stable id for the ticket's thread, so that mail clients group every message of a ticket.</summary>
    private string ThreadRoot(Ticket ticket) => $"<ticket-{ticket.Number}@{identity.Domain}>";
}
