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

    private TicketService Service()
    {
        _sla.Setup(s => s.SetupAsync(It.IsAny<CancellationToken>())).ReturnsAsync(SlaSetup.Empty);
        var outbox = new OutboxService(_outbox.Object, new Mock<IMessageWriter>().Object, new Mock<IMailSender>().Object, new MailIdentity("support@helpdesk.example", "Helpdesk", "http://localhost"), _clock);
        var identity = new MailIdentity("support@helpdesk.example", "Helpdesk", "http://localhost");
        var sla = new SlaService(_sla.Object, new Mock<IStaffDirectory>().Object, _outbox.Object, _store.Object, identity, _clock);
        var disruptions = new Mock<IDisruptionStore>();
        disruptions.Setup(d => d.ActiveAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        return new(_store.Object, new DirectoryService(_store.Object, _clock), sla, outbox, disruptions.Object,
            new SatisfactionService(_store.Object, outbox, new Mock<ISatisfactionLinks>().Object, SatisfactionOptions.Default, _clock), _clock);
    }

    [Fact]
    public async Task OpeningForAnUnknownAddressAddsTheCustomerToTheOrganizationOfItsDomain()
    {
        var organization = Build.Organization("Acme", "acme.example");
        _store.Setup(s => s.FindOrganizationByDomainAsync("acme.example", It.IsAny<CancellationToken>())).ReturnsAsync(organization);
        Customer? added = null;
        _store.Setup(s => s.Add(It.IsAny<Customer>())).Callback<Customer>(c => added = c);

        var ticket = await Service().OpenAsync(
            new NewTicketInput { RequesterEmail = "New.Person@ACME.example", RequesterName = "New Person", Subject = "Hello", Description = "Help", Tags = "phone" },
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
