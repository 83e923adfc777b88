using Helpdesk.Core.Domain;
using Helpdesk.Tests.Builders;

namespace Helpdesk.Tests.Unit.Domain;

public sealed class TicketRulesTests
{
    private static readonly DateTimeOffset Later = Build.T0.AddHours(1);

    [Fact]
    public void OpeningATicketStartsNewWithTheCustomersMessageAndAnAuditEntry()
    {
        var customer = Build.Customer();
        var ticket = Build.Ticket(customer);

        Assert.Equal(TicketStatus.New, ticket.Status);
        var message = Assert.Single(ticket.Messages);
        Assert.Equal(ActorKind.Customer, message.AuthorKind);
        Assert.Equal(MessageVisibility.Public, message.Visibility);
        Assert.Equal(customer.DisplayName, message.AuthorName);
        Assert.Equal("Ticket", Assert.Single(ticket.AuditTrail).Field);
        Assert.Equal(1, ticket.Version);
    }

    [Fact]
    public void FirstPublicReplyOpensANewTicketAndRecordsTheFirstResponse()
    {
        var ticket = Build.Ticket();
        var agent = Build.Agent();

        ticket.AddAgentReply(agent, "Let me check that for you.", Later);

        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Equal(Later, ticket.FirstRespondedAt);
        Assert.Equal(Later, ticket.LastAgentReplyAt);
        Assert.Contains(ticket.AuditTrail, a => a.Field == "Status" && a.OldValue == "New" && a.NewValue == "Open" && a.ActorName == agent.DisplayName);
    }

    [Fact]
    public void InternalNoteChangesNeitherStatusNorResponseTimes()
    {
        var ticket = Build.Ticket();

        var note = ticket.AddInternalNote(Build.Agent(), "Customer is on the legacy plan.", Later);

        Assert.True(note.IsInternal);
        Assert.Equal(TicketStatus.New, ticket.Status);
        Assert.Null(ticket.FirstRespondedAt);
        Assert.Contains(ticket.AuditTrail, a => a.Field == "Note");
    }

    [Theory]
    [InlineData(TicketStatus.Pending)]
    [InlineData(TicketStatus.OnHold)]
    [InlineData(TicketStatus.Solved)]
    public void CustomerReplyReopensAWaitingOrSolvedTicket(TicketStatus waiting)
    {
        var customer = Build.Customer();
        var ticket = Build.Ticket(customer);
        var agent = Build.Agent();
        ticket.AddAgentReply(agent, "Try again now?", Later);
        ticket.ChangeStatus(waiting, Actor.ForAgent(agent), Later);

        ticket.AddCustomerMessage(customer, "Still broken.", Later.AddHours(1));

        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Null(ticket.SolvedAt);
        Assert.Contains(ticket.AuditTrail, a => a.Field == "Status" && a.NewValue == "Open" && a.ActorKind == ActorKind.Customer);
    }

    [Fact]
    public void SolvingRecordsWhenAndClosingNeedsASolvedTicket()
    {
        var ticket = Build.Ticket();
        var by = Actor.ForAgent(Build.Agent());

        var premature = Assert.Throws<DomainException>(() => ticket.ChangeStatus(TicketStatus.Closed, by, Later));
        Assert.Contains("solve it first", premature.Message);

        ticket.ChangeStatus(TicketStatus.Solved, by, Later);
        Assert.Equal(Later, ticket.SolvedAt);
        ticket.ChangeStatus(TicketStatus.Closed, by, Later.AddDays(4));
        Assert.Equal(Later.AddDays(4), ticket.ClosedAt);
    }

    [Fact]
    public void AClosedTicketCannotBeReopenedByAnAgentEdit()
    {
        var ticket = Build.Ticket();
        var by = Actor.ForAgent(Build.Agent());
        ticket.ChangeStatus(TicketStatus.Solved, by, Later);
        ticket.ChangeStatus(TicketStatus.Closed, by, Later);

        Assert.Throws<DomainException>(() => ticket.ChangeStatus(TicketStatus.Open, by, Later));
        Assert.Throws<DomainException>(() => ticket.AddAgentReply(Build.Agent(), "Reopening", Later));
        Assert.Throws<DomainException>(() => ticket.ChangePriority(TicketPriority.Urgent, by, Later));
        Assert.Equal(TicketStatus.Closed, ticket.Status);
    }

    [Fact]
    public void ACustomerMessageOnAClosedTicketIsRefusedSoThatIntakeOpensAFollowUp()
    {
        var customer = Build.Customer();
        var ticket = Build.Ticket(customer);
        var by = Actor.ForAgent(Build.Agent());
        ticket.ChangeStatus(TicketStatus.Solved, by, Later);
        ticket.ChangeStatus(TicketStatus.Closed, by, Later);

        var error = Assert.Throws<DomainException>(() => ticket.AddCustomerMessage(customer, "One more thing", Later));
        Assert.Contains("follow-up", error.Message);
    }

    [Fact]
    public void NotesAreStillAllowedOnAClosedTicket()
    {
        var ticket = Build.Ticket();
        var by = Actor.ForAgent(Build.Agent());
        ticket.ChangeStatus(TicketStatus.Solved, by, Later);
        ticket.ChangeStatus(TicketStatus.Closed, by, Later);

        ticket.AddInternalNote(Build.Agent(), "Refund processed after closing.", Later);

        Assert.Equal(2, ticket.Messages.Count);
    }

    [Fact]
    public void NewCannotBeChosenAgain()
    {
        var ticket = Build.Ticket();
        var by = Actor.ForAgent(Build.Agent());
        ticket.ChangeStatus(TicketStatus.Open, by, Later);

        Assert.Throws<DomainException>(() => ticket.ChangeStatus(TicketStatus.New, by, Later));
    }

    [Fact]
    public void EveryFieldChangeIsAuditedWithOldAndNewValue()
    {
        var ticket = Build.Ticket();
        var agent = Build.Agent();
        var by = Actor.ForAgent(agent);

        ticket.ChangePriority(TicketPriority.Urgent, by, Later);
        ticket.Assign(agent, by, Later);
        ticket.ChangeGroup(new Group("Billing"), by, Later);
        ticket.ChangeCategory(new Category("Refund"), by, Later);
        ticket.SetTags(["VIP", "refund, vip"], by, Later);
        ticket.ChangeSubject("Cannot log in since Monday", by, Later);

        Assert.Contains(ticket.AuditTrail, a => a.Field == "Priority" && a.OldValue == "Normal" && a.NewValue == "Urgent");
        Assert.Contains(ticket.AuditTrail, a => a.Field == "Assignee" && a.OldValue == null && a.NewValue == agent.DisplayName);
        Assert.Contains(ticket.AuditTrail, a => a.Field == "Group" && a.NewValue == "Billing");
        Assert.Contains(ticket.AuditTrail, a => a.Field == "Category" && a.NewValue == "Refund");
        Assert.Contains(ticket.AuditTrail, a => a.Field == "Tags" && a.OldValue == "" && a.NewValue == "refund vip");
        Assert.Contains(ticket.AuditTrail, a => a.Field == "Subject" && a.OldValue == "Cannot log in");
        Assert.All(ticket.AuditTrail.Skip(1), a => Assert.Equal(Later, a.At));
        Assert.Equal(["refund", "vip"], ticket.TagNames);
    }

    [Fact]
    public void SettingAFieldToItsCurrentValueChangesNothing()
    {
        var ticket = Build.Ticket();
        var by = Actor.ForAgent(Build.Agent());
        var version = ticket.Version;

        ticket.ChangePriority(TicketPriority.Normal, by, Later);
        ticket.Assign(null, by, Later);
        ticket.SetTags([], by, Later);

        Assert.Equal(version, ticket.Version);
        Assert.Single(ticket.AuditTrail);
    }

    [Fact]
    public void EachChangeMovesTheVersionAndAStaleVersionIsAConflict()
    {
        var ticket = Build.Ticket();
        var seen = ticket.Version;
        ticket.ChangePriority(TicketPriority.High, Actor.ForAgent(Build.Agent()), Later);

        Assert.Equal(seen + 1, ticket.Version);
        Assert.Throws<ConcurrencyConflictException>(() => ticket.EnsureVersion(seen));
        ticket.EnsureVersion(seen + 1);
    }

    [Fact]
    public void ADeactivatedAgentCannotTakeTickets()
    {
        var ticket = Build.Ticket();
        var agent = Build.Agent();
        agent.Update(agent.DisplayName, null, isActive: false);

        Assert.Throws<DomainException>(() => ticket.Assign(agent, Actor.System, Later));
    }

    [Fact]
    public void AMessageNeedsTextOrAnAttachment()
    {
        var ticket = Build.Ticket();

        Assert.Throws<DomainException>(() => ticket.AddAgentReply(Build.Agent(), "   ", Later));
        var withFile = ticket.AddInternalNote(Build.Agent(), "", Later, [new AttachmentFile("log.txt", "text/plain", 12, "k")]);
        Assert.Equal("log.txt", Assert.Single(withFile.Attachments).FileName);
    }

    [Fact]
    public void TooManyTagsAreRefused()
    {
        var ticket = Build.Ticket();
        var tags = Enumerable.Range(0, Limits.MaxTags + 1).Select(i => $"t{i}");

        Assert.Throws<DomainException>(() => ticket.SetTags(tags, Actor.System, Later));
    }
}

public sealed class DirectoryRulesTests
{
    [Theory]
    [InlineData("Ana@Example.COM", "ana@example.com")]
    [InlineData(" bo@sub.example.org ", "bo@sub.example.org")]
    public void EmailAddressesAreNormalised(string input, string expected) =>
        Assert.Equal(expected, new EmailAddress(input).Value);

    [Theory]
    [InlineData("")]
    [InlineData("not-an-address")]
    [InlineData("a@b")]
    [InlineData("Ana <ana@example.com>")]
    public void InvalidEmailAddressesAreRefused(string input)
    {
        Assert.False(EmailAddress.IsValid(input));
        Assert.Throws<DomainException>(() => new EmailAddress(input));
    }

    [Fact]
    public void OrganizationDomainsAreNormalisedToALowerCaseSet()
    {
        var organization = new Organization("Acme", "@Acme.com, acme.co.uk;acme.com", null, Build.T0);

        Assert.Equal(["acme.com", "acme.co.uk"], organization.Domains.Select(d => d.Domain));
        Assert.Equal("acme.com acme.co.uk", organization.DomainText);

        organization.Update("Acme", "acme.co.uk acme.pt", null);
        Assert.Equal(["acme.co.uk", "acme.pt"], organization.Domains.Select(d => d.Domain));
    }

    [Fact]
    public void ASurveyIsOfferedOnceOnlyForASolvedTicketAndTakesOneAnswer()
    {
        var later = Build.T0.AddHours(1);
        var ticket = Build.Ticket();
        var actor = Actor.ForAgent(Build.Agent());
        Assert.False(ticket.OfferSurvey(later)); // not solved
        Assert.Throws<DomainException>(() => ticket.Rate(SatisfactionRating.Good, null, later)); // nothing to answer

        ticket.ChangeStatus(TicketStatus.Solved, actor, later);
        Assert.True(ticket.OfferSurvey(later));
        Assert.False(ticket.OfferSurvey(later.AddMinutes(1)));
        ticket.ChangeStatus(TicketStatus.Open, actor, later.AddMinutes(2));
        ticket.ChangeStatus(TicketStatus.Solved, actor, later.AddMinutes(3));
        Assert.False(ticket.OfferSurvey(later.AddMinutes(3))); // solved again: no second survey
        Assert.Equal(later, ticket.SurveySentAt);

        var version = ticket.Version;
        ticket.Rate(SatisfactionRating.Bad, "  Slow  ", later.AddHours(1));
        Assert.Equal((SatisfactionRating.Bad, "Slow", later.AddHours(1), version + 1), (ticket.Satisfaction, ticket.SatisfactionComment, ticket.SatisfactionAt, ticket.Version));
        Assert.Throws<DomainException>(() => ticket.Rate(SatisfactionRating.Good, null, later.AddHours(2)));
        Assert.Equal(SatisfactionRating.Bad, ticket.Satisfaction);
        Assert.Equal(ActorKind.Customer, ticket.AuditTrail.Single(a => a.Field == "Satisfaction").ActorKind);
    }
}
