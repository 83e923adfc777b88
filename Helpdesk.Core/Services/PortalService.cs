using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;

namespace Helpdesk.Core.Services;

/// <summary>
/// The customer portal's use cases: a one-time sign-in link by email, and what a signed-in customer does with the
/// tickets they may see (their own, and their organization's when it shares them): read, reply, solve, reopen, open.
/// </summary>
public sealed class PortalService(
    IPortalStore portal, IHelpdeskStore store, ITicketQueries queries, TicketSaver saver, MailComposer mail, IDisruptionStore disruptions, TimeProvider time)
{
    /// <summary>Links one address can be sent in an hour; asking for more sends nothing (and says the same).</summary>
    public const int LinksPerHour = 5;

    /// <summary>
    /// Emails a sign-in link when the address is a known customer's and they have not asked too often. The caller
    /// answers the same whatever happened here, so the form tells nobody which addresses are known.
    /// </summary>
    public async Task RequestLinkAsync(PortalSignInInput input, CancellationToken ct = default)
    {
        var customer = await store.FindCustomerByEmailAsync(new EmailAddress(input.Email), ct);
        var now = time.GetUtcNow();
        if (customer is null || await portal.CountIssuedAsync(customer.Id, now.AddHours(-1), ct) >= LinksPerHour)
        {
            return;
        }

        var (signIn, token) = PortalSignIn.Issue(customer, now);
        portal.Add(signIn);
        mail.QueuePortalLink(customer, token, PortalSignIn.Validity);
        await store.SaveChangesAsync(ct);
    }

    /// <summary>Uses a link: its customer, once; null for a link that is unknown, expired or used.</summary>
    public async Task<Customer?> SignInAsync(string token, CancellationToken ct = default) =>
        PortalSignIn.LooksLikeToken(token) && await portal.UseAsync(PortalSignIn.Hash(token), time.GetUtcNow(), ct) is int id
            ? await store.FindCustomerAsync(id, ct)
            : null;

    /// <summary>The signed-in customer as the portal's checks know them; null when the customer no longer exists.</summary>
    public async Task<PortalViewer?> ViewerAsync(int customerId, CancellationToken ct = default) =>
        await store.FindCustomerAsync(customerId, ct) is { } customer
            ? new PortalViewer(customer.Id, customer.Organization is { SharesTickets: true } shared ? shared.Id : null, customer.Email)
            : null;

    /// <summary>The signed-in customer's organization (whose monthly report they may read) and whether they get it by email.</summary>
    public async Task<(int? OrganizationId, bool MonthlyReport)> ReportSettingsAsync(PortalViewer viewer, CancellationToken ct = default) =>
        await store.FindCustomerAsync(viewer.CustomerId, ct) is { } customer ? (customer.OrganizationId, customer.MonthlyReport) : (null, false);

    /// <summary>The customer asks for (or stops) the organization's monthly report by email.</summary>
    public async Task SetMonthlyReportAsync(PortalViewer viewer, bool wanted, CancellationToken ct = default)
    {
        var customer = await store.FindCustomerAsync(viewer.CustomerId, ct) ?? throw new NotFoundException("The customer");
        if (customer.OrganizationId is null)
        {
            throw new DomainException("The monthly report is for the contacts of an organization, and you are not one.");
        }

        customer.SetMonthlyReport(wanted);
        await store.SaveChangesAsync(ct);
    }

    public Task<IReadOnlyList<PortalTicketRow>> TicketsAsync(PortalViewer viewer, CancellationToken ct = default) => portal.TicketsAsync(viewer, ct);

    /// <summary>A ticket the customer may see, with its conversation, to read; <see cref="NotFoundException"/> for any other (existing or not).</summary>
    public async Task<Ticket> TicketAsync(PortalViewer viewer, int number, CancellationToken ct = default) =>
        await portal.CanSeeAsync(viewer, number, ct) && await queries.GetTicketAsync(number, ct) is { } ticket
            ? ticket
            : throw new NotFoundException($"Ticket #{number}");

    public async Task ReplyAsync(PortalViewer viewer, int number, string? body, IReadOnlyCollection<AttachmentFile> attachments, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(body) && attachments.Count == 0)
        {
            throw new DomainException("Write your reply or attach a file.");
        }

        var (ticket, customer, now) = await ForChangeAsync(viewer, number, ct);
        if (ticket.Status == TicketStatus.Closed)
        {
            throw new DomainException($"Ticket #{number} is closed and takes no more replies. Open a new request; we will see how they relate.");
        }

        ticket.AddCustomerMessage(customer, body?.Trim() ?? string.Empty, now, attachments);
        await saver.SaveAsync(now, "the customer replied on the portal", ct);
    }

    /// <summary>The customer says their request is solved.</summary>
    public async Task SolveAsync(PortalViewer viewer, int number, CancellationToken ct = default)
    {
        var (ticket, customer, now) = await ForChangeAsync(viewer, number, ct);
        if (ticket.Status is TicketStatus.Solved or TicketStatus.Closed)
        {
            return;
        }

        ticket.ChangeStatus(TicketStatus.Solved, Actor.ForCustomer(customer), now);
        await saver.SaveAsync(now, "solved by the customer on the portal", ct);
    }

    /// <summary>The customer says a solved request is not solved after all. A closed one takes a new request instead.</summary>
    public async Task ReopenAsync(PortalViewer viewer, int number, CancellationToken ct = default)
    {
        var (ticket, customer, now) = await ForChangeAsync(viewer, number, ct);
        if (ticket.Status == TicketStatus.Closed)
        {
            throw new DomainException($"Ticket #{number} is closed. Open a new request; we will see how they relate.");
        }

        if (ticket.Status != TicketStatus.Solved)
        {
            return;
        }

        ticket.ChangeStatus(TicketStatus.Open, Actor.ForCustomer(customer), now);
        await saver.SaveAsync(now, "reopened by the customer on the portal", ct);
    }

    /// <summary>A new request from the portal's form, acknowledged by email with the first reply it is promised.</summary>
    public async Task<Ticket> OpenAsync(PortalViewer viewer, PortalTicketInput input, IReadOnlyCollection<AttachmentFile> attachments, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var customer = await store.FindCustomerAsync(viewer.CustomerId, ct) ?? throw new NotFoundException("The customer");
        var by = Actor.ForCustomer(customer);
        var ticket = Ticket.Open(input.Subject.Trim(), customer, input.Description, TicketChannel.Web, TicketPriority.Normal, by, now, attachments);
        if (input.CategoryId is int categoryId)
        {
            ticket.ChangeCategory(await store.FindCategoryAsync(categoryId, ct) ?? throw new NotFoundException("The category"), by, now);
        }

        var disruption = await disruptions.LinkIfTouchedAsync(ticket, now, ct);
        store.Add(ticket);
        await saver.SaveAsync(now, "opened by the customer on the portal", ct); // the number, and the clocks the promise reads

        // As for a ticket by email: committed after the ticket, which needs its number first.
        mail.QueueAcknowledgement(ticket, null, disruption is { Latest: { } latest } ? $"{disruption.Title}: {latest.Message}" : null);
        await store.SaveChangesAsync(ct);
        return ticket;
    }

    private async Task<(Ticket Ticket, Customer Customer, DateTimeOffset Now)> ForChangeAsync(PortalViewer viewer, int number, CancellationToken ct)
    {
        var ticket = await portal.CanSeeAsync(viewer, number, ct) && await store.FindTicketAsync(number, ct) is { } found
            ? found
            : throw new NotFoundException($"Ticket #{number}");
        var customer = await store.FindCustomerAsync(viewer.CustomerId, ct) ?? throw new NotFoundException("The customer");
        return (ticket, customer, time.GetUtcNow());
    }
}
