using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Builders;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Helpdesk.Tests.Unit.Services;

public sealed class TicketServiceTests
{
    private readonly Mock<IHelpdeskStore> _store = new();
    private readonly FakeTimeProvider _clock = new(Build.T0);
    private readonly Agent _agent = Build.Agent();

    public TicketServiceTests()
    {
        _store.Setup(s => s.FindAgentAsync(_agent.Id, It.IsAny<CancellationToken>())).ReturnsAsync(_agent);
    }

    private readonly Mock<ISlaStore> _sla = new();
    private readonly Mock<IOutboxStore> _outbox = new();
    private readonly Mock<IConversationHistory> _history = new();

    private TicketService Service()
    {
        _sla.Setup(s => s.SetupAsync(It.IsAny<CancellationToken>())).ReturnsAsync(SlaSetup.Empty);
        _store.Setup(s => s.ChangedTickets()).Returns(Changed);
        _history.Setup(h => h.PublicMessagesAsync(It.IsAny<int>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var identity = new MailIdentity("support@helpdesk.example", "Helpdesk", "http://localhost");
        var mail = new MailComposer(_outbox.Object, _history.Object, identity, DisplayZone.Utc, _clock);
        var sla = new SlaService(_sla.Object, new Mock<IStaffDirectory>().Object, mail, _store.Object, _clock);
        var saver = new TicketSaver(_store.Object, sla, mail, new Mock<ISatisfactionLinks>().Object, SatisfactionOptions.Default);
        var disruptions = new Mock<IDisruptionStore>();
        disruptions.Setup(d => d.ActiveAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        return new(_store.Object, new DirectoryService(_store.Object, _clock), saver, mail, disruptions.Object, _clock);
    }

    /// <summary>What the real store's change tracker returns: the tickets added or loaded, whose clocks are behind.</summary>
    private List<Ticket> Changed() =>
        [.. _store.Invocations
            .SelectMany(i => i.Arguments.OfType<Ticket>().Concat(i.ReturnValue is Task<Ticket> { IsCompletedSuccessfully: true } loaded ? [loaded.Result] : []))
            .Distinct()
            .Where(t => t.ClocksBehind)];

    [Fact]
    public async Task OpeningForAnUnknownAddressAddsTheCustomerToTheOrganizationOfItsDomain()
    {
        var organization = Build.Organization("Acme", "acme.example");
        _store.Setup(s => s.FindOrganizationByDomainAsync("acme.example", It.IsAny<CancellationToken>())).ReturnsAsync(organization);
        Customer? added = null;
        _store.Setup(s => s.Add(It.IsAny<Customer>())).Callback<Customer>(c => added = c);

        var ticket = await Service().OpenAsync(
            new NewTicketInput { RequesterEmail = "New.Person@ACME.example", RequesterName = "New Person", Subject = "Hello", Description = "Help", Tags = "phone", NotifyRequester = false },
            _agent.Id);

        Assert.NotNull(added);
        Assert.Equal("new.person@acme.example", added.Email);
        Assert.Same(organization, ticket.Organization);
        Assert.Equal(["phone"], ticket.TagNames);
        Assert.Equal(Build.T0, ticket.CreatedAt);
        _store.Verify(s => s.Add(ticket), Times.Once);
        _store.Verify(s => s.SaveChangesAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task AStaleVersionSavesNothing()
    {
        var ticket = Build.Ticket();
        ticket.ChangePriority(TicketPriority.High, Actor.System, Build.T0);
        _store.Setup(s => s.FindTicketAsync(7, It.IsAny<CancellationToken>())).ReturnsAsync(ticket);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Service().UpdateAsync(
            7, new TicketUpdateInput { Version = 1, Body = "Hi", Status = TicketStatus.Open, Priority = TicketPriority.Low }, _agent.Id));

        _store.Verify(s => s.SaveChangesAsync(It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(TicketPriority.High, ticket.Priority);
    }

    [Fact]
    public async Task AReplyWithTheStatusLeftAtNewOpensTheTicket()
    {
        var ticket = Build.Ticket();
        _store.Setup(s => s.FindTicketAsync(7, It.IsAny<CancellationToken>())).ReturnsAsync(ticket);
        _clock.Advance(TimeSpan.FromMinutes(5));

        await Service().UpdateAsync(7, new TicketUpdateInput { Version = ticket.Version, Body = "On it", Status = TicketStatus.New, Priority = ticket.Priority }, _agent.Id);

        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Equal(Build.T0.AddMinutes(5), ticket.FirstRespondedAt);
        _store.Verify(s => s.ExpectVersion(ticket, 1), Times.Once);
    }

    [Fact]
    public async Task ReplyAndSubmitAsPendingHappenTogether()
    {
        var ticket = Build.Ticket();
        _store.Setup(s => s.FindTicketAsync(7, It.IsAny<CancellationToken>())).ReturnsAsync(ticket);

        await Service().UpdateAsync(7, new TicketUpdateInput { Version = ticket.Version, Body = "Can you send a screenshot?", Status = TicketStatus.Pending, Priority = ticket.Priority }, _agent.Id);

        Assert.Equal(TicketStatus.Pending, ticket.Status);
        Assert.Equal(2, ticket.Messages.Count);
        _outbox.Verify(o => o.Add(It.Is<OutboxMessage>(m => m.To == "ana@acme.example" && m.Subject == $"[#{ticket.Number}] Cannot log in" && m.Body.Contains("Can you send a screenshot?"))), Times.Once);
    }
}
