using Helpdesk.Core.Domain;
using Helpdesk.Core.Sla;
using Helpdesk.Tests.Builders;
using NodaTime;

namespace Helpdesk.Tests.Unit.Sla;

public sealed class SlaEngineTests
{
    // Monday 2026-03-02 09:00 UTC.
    private static readonly DateTimeOffset T0 = Build.T0;
    private readonly Dictionary<int, BusinessCalendar> _calendars = new()
    {
        [1] = new BusinessCalendar(CalendarDefinition.TwentyFourSeven()),
        [2] = new BusinessCalendar(CalendarDefinition.Parse("""
            {"name":"Office","timeZone":"UTC","week":{"monday":[["09:00","17:00"]],"tuesday":[["09:00","17:00"]],"wednesday":[["09:00","17:00"]],
             "thursday":[["09:00","17:00"]],"friday":[["09:00","17:00"]]}}
            """).Calendar!),
    };

    private readonly Agent _agent = Build.Agent();


    private void Apply(Ticket ticket, SlaPolicy? policy, DateTimeOffset now, string cause = "test") =>
        SlaEngine.Apply(ticket, policy, id => _calendars[id], now, cause);

    private static SlaClock Clock(Ticket ticket, SlaMetric metric) => ticket.SlaClocks.Where(c => c.Metric == metric).MaxBy(c => c.Cycle)!;

    [Fact]
    public void ANewTicketStartsFirstResponseAndResolutionClocksWithDueAndWarningTimes()
    {
        var policy = Build.Policy(1, "Standard", calendarId: 1);
        var ticket = Build.Ticket();

        Apply(ticket, policy, T0, "created");

        var first = Clock(ticket, SlaMetric.FirstResponse);
        Assert.Equal(SlaClockState.Running, first.State);
        Assert.Equal(T0.AddMinutes(60), first.DueAt);
        Assert.Equal(T0.AddMinutes(45), first.WarnAt);
        Assert.Equal(T0.AddMinutes(45), first.NextCheckAt);
        Assert.Equal(T0.AddMinutes(480), Clock(ticket, SlaMetric.Resolution).DueAt);
        Assert.DoesNotContain(ticket.SlaClocks, c => c.Metric == SlaMetric.NextResponse);
        Assert.Equal(T0.AddMinutes(60), ticket.SlaDueAt);
        Assert.Equal(SlaMetric.FirstResponse, ticket.SlaMetric);
        Assert.Equal(T0.AddMinutes(45), ticket.SlaWarnAt);
        Assert.Equal(2, ticket.SlaEvents.Count(e => e.Kind == SlaEventKind.Started));
    }

    [Fact]
    public void BusinessHoursCarryTheDueTimeOverTheWeekend()
    {
        var policy = Build.Policy(1, "Office", calendarId: 2, targets: t => t[0] = (SlaMetric.FirstResponse, TicketPriority.Normal, 120));
        var friday = new DateTimeOffset(2026, 3, 6, 16, 0, 0, TimeSpan.Zero);
        var ticket = Ticket.Open("Weekend", Build.Customer(), "Help", TicketChannel.Email, TicketPriority.Normal, Actor.System, friday);

        Apply(ticket, policy, friday);

        Assert.Equal(new DateTimeOffset(2026, 3, 9, 10, 0, 0, TimeSpan.Zero), Clock(ticket, SlaMetric.FirstResponse).DueAt);
    }

    [Fact]
    public void PendingPausesTheClocksAndTheCustomersReplyResumesThemWithTheTimeUsed()
    {
        var policy = Build.Policy(1, "Standard", calendarId: 1);
        var customer = Build.Customer();
        var ticket = Build.Ticket(customer);
        Apply(ticket, policy, T0);

        ticket.ChangeStatus(TicketStatus.Pending, Actor.ForAgent(_agent), T0.AddMinutes(20));
        Apply(ticket, policy, T0.AddMinutes(20), "status → Pending");
        var resolution = Clock(ticket, SlaMetric.Resolution);
        Assert.Equal(SlaClockState.Paused, resolution.State);
        Assert.Equal(TimeSpan.FromMinutes(20), resolution.Used);
        Assert.Null(resolution.DueAt);
        Assert.Null(resolution.NextCheckAt);
        Assert.Equal(SlaEngine.NoDeadline, ticket.SlaDueAt);

        ticket.AddCustomerMessage(customer, "Here is the screenshot", T0.AddHours(3));
        Apply(ticket, policy, T0.AddHours(3), "customer message");

        Assert.Equal(SlaClockState.Running, resolution.State);
        Assert.Equal(T0.AddHours(3).AddMinutes(460), resolution.DueAt);
        Assert.Equal(T0.AddHours(3).AddMinutes(40), Clock(ticket, SlaMetric.FirstResponse).DueAt);
        Assert.Contains(ticket.SlaEvents, e => e.Kind == SlaEventKind.Paused && e.Detail.Contains("Pending", StringComparison.Ordinal));
        Assert.Contains(ticket.SlaEvents, e => e.Kind == SlaEventKind.Resumed && e.Metric == SlaMetric.Resolution);
    }

    [Fact]
    public void TheFirstPublicReplyMeetsTheFirstResponseClockAndALateOneIsMetLate()
    {
        var policy = Build.Policy(1, "Standard", calendarId: 1);
        var onTime = Build.Ticket();
        var late = Build.Ticket();
        Apply(onTime, policy, T0);
        Apply(late, policy, T0);

        onTime.AddAgentReply(_agent, "On it", T0.AddMinutes(30));
        Apply(onTime, policy, T0.AddMinutes(30), "public reply");
        late.AddAgentReply(_agent, "Sorry for the wait", T0.AddMinutes(75));
        Apply(late, policy, T0.AddMinutes(75), "public reply");

        Assert.Equal(SlaClockState.Met, Clock(onTime, SlaMetric.FirstResponse).State);
        var lateClock = Clock(late, SlaMetric.FirstResponse);
        Assert.Equal(SlaClockState.MetLate, lateClock.State);
        Assert.Equal(T0.AddMinutes(60), lateClock.BreachedAt);
        Assert.Equal(TimeSpan.FromMinutes(75), lateClock.Used);
        Assert.Contains(late.SlaEvents, e => e.Kind == SlaEventKind.MetLate && e.Detail.Contains("1 h 15 min of 1 h", StringComparison.Ordinal));
        Assert.Equal(T0.AddMinutes(480), onTime.SlaDueAt);
    }

    [Fact]
    public void APriorityChangeRetargetsRunningClocksKeepingTheTimeUsed()
    {
        var policy = Build.Policy(1, "Standard", calendarId: 1);
        var ticket = Build.Ticket();
        Apply(ticket, policy, T0);

        ticket.ChangePriority(TicketPriority.Urgent, Actor.ForAgent(_agent), T0.AddMinutes(10));
        Apply(ticket, policy, T0.AddMinutes(10), "priority → Urgent");

        var first = Clock(ticket, SlaMetric.FirstResponse);
        Assert.Equal(15, first.TargetMinutes);
        Assert.Equal(T0.AddMinutes(15), first.DueAt);
        Assert.Equal(0, first.WarnLevel);
        Assert.Equal(T0 + TimeSpan.FromMinutes(11.25), first.WarnAt);
        Assert.Contains(ticket.SlaEvents, e => e.Kind == SlaEventKind.Retargeted && e.Detail.StartsWith("1 h on Standard → 15 min on Standard, 10 min already used", StringComparison.Ordinal));
    }

    [Fact]
    public void ReopeningASolvedTicketResumesItsResolutionClock()
    {
        var policy = Build.Policy(1, "Standard", calendarId: 1);
        var customer = Build.Customer();
        var ticket = Build.Ticket(customer);
        Apply(ticket, policy, T0);
        ticket.AddAgentReply(_agent, "Fixed", T0.AddMinutes(30));
        ticket.ChangeStatus(TicketStatus.Solved, Actor.ForAgent(_agent), T0.AddMinutes(30));
        Apply(ticket, policy, T0.AddMinutes(30));
        var resolution = Clock(ticket, SlaMetric.Resolution);
        Assert.Equal(SlaClockState.Met, resolution.State);

        ticket.AddCustomerMessage(customer, "Broken again", T0.AddDays(1));
        Apply(ticket, policy, T0.AddDays(1), "customer message");

        Assert.Same(resolution, Clock(ticket, SlaMetric.Resolution));
        Assert.Equal(SlaClockState.Running, resolution.State);
        Assert.Equal(T0.AddDays(1).AddMinutes(450), resolution.DueAt);
        Assert.Contains(ticket.SlaEvents, e => e.Kind == SlaEventKind.Resumed && e.Detail.StartsWith("reopened", StringComparison.Ordinal));

        // The customer's message after the agent's reply also starts a next-response cycle.
        var next = Clock(ticket, SlaMetric.NextResponse);
        Assert.Equal(1, next.Cycle);
        Assert.Equal(T0.AddDays(1).AddMinutes(120), next.DueAt);
    }

    [Fact]
    public void EachUnansweredCustomerMessageAfterAReplyStartsANewNextResponseCycle()
    {
        var policy = Build.Policy(1, "Standard", calendarId: 1);
        var customer = Build.Customer();
        var ticket = Build.Ticket(customer);
        Apply(ticket, policy, T0);
        ticket.AddAgentReply(_agent, "Which browser?", T0.AddMinutes(5));
        Apply(ticket, policy, T0.AddMinutes(5));

        ticket.AddCustomerMessage(customer, "Firefox", T0.AddMinutes(60));
        Apply(ticket, policy, T0.AddMinutes(60));
        ticket.AddCustomerMessage(customer, "Version 140", T0.AddMinutes(70));
        Apply(ticket, policy, T0.AddMinutes(70));
        Assert.Equal(T0.AddMinutes(180), Clock(ticket, SlaMetric.NextResponse).DueAt);

        ticket.AddAgentReply(_agent, "Thanks", T0.AddMinutes(100));
        Apply(ticket, policy, T0.AddMinutes(100));
        Assert.Equal(SlaClockState.Met, Clock(ticket, SlaMetric.NextResponse).State);

        ticket.AddCustomerMessage(customer, "Still broken", T0.AddMinutes(200));
        Apply(ticket, policy, T0.AddMinutes(200));
        var second = Clock(ticket, SlaMetric.NextResponse);
        Assert.Equal(2, second.Cycle);
        Assert.Equal(T0.AddMinutes(320), second.DueAt);
    }

    [Fact]
    public void TheFirstMatchingActivePolicyWinsAndLosingThePolicyCancelsTheClocks()
    {
        var vip = Build.Policy(1, "VIP", calendarId: 1, position: 1, priorities: [TicketPriority.Urgent]);
        var standard = Build.Policy(2, "Standard", calendarId: 2, position: 2);
        var ticket = Build.Ticket(priority: TicketPriority.Urgent);

        Assert.Same(vip, SlaEngine.PolicyFor(ticket, [standard, vip]));
        ticket.ChangePriority(TicketPriority.Normal, Actor.System, T0);
        Assert.Same(standard, SlaEngine.PolicyFor(ticket, [standard, vip]));

        Apply(ticket, standard, T0);
        Apply(ticket, null, T0.AddMinutes(5), "policy Standard deactivated");

        Assert.All(ticket.SlaClocks, c => Assert.Equal(SlaClockState.Cancelled, c.State));
        Assert.Equal(SlaEngine.NoDeadline, ticket.SlaDueAt);
        Assert.Contains(ticket.SlaEvents, e => e.Kind == SlaEventKind.Cancelled && e.Detail.Contains("no SLA policy applies", StringComparison.Ordinal));
    }

    [Fact]
    public void AClockThatRanPastItsTargetIsBreachedAtTheExactDueMoment()
    {
        var policy = Build.Policy(1, "Office", calendarId: 2);
        var ticket = Build.Ticket();
        Apply(ticket, policy, T0);

        Apply(ticket, policy, T0.AddDays(1), "sweep");

        var first = Clock(ticket, SlaMetric.FirstResponse);
        Assert.Equal(T0.AddMinutes(60), first.BreachedAt);
        Assert.True(first.IsBreachedAt(T0.AddDays(1)));
        Assert.Equal(2, first.WarnLevel);
        Assert.Equal(TimeSpan.FromHours(8), first.Used);
        var events = ticket.SlaEvents.Where(e => e.Metric == SlaMetric.FirstResponse).ToList();
        Assert.Contains(events, e => e.Kind == SlaEventKind.Warned && e.At == T0.AddMinutes(45) && e.Detail.StartsWith("75 %", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == SlaEventKind.Warned && e.At == T0.AddMinutes(54) && e.Detail.StartsWith("90 %", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == SlaEventKind.Breached && e.At == T0.AddMinutes(60));
    }

    [Fact]
    public void RemindersFollowABreachEveryNBusinessMinutesUpToTheLimitAtTheirExactMoments()
    {
        // Office hours 09:00-17:00: the breach at 10:00, reminders every 4 business hours: 14:00, then 10:00 the next day.
        var policy = Build.Policy(1, "Office", calendarId: 2);
        policy.SetEscalation([], reminderEveryMinutes: 240, reminderLimit: 2);
        var ticket = Build.Ticket();
        Apply(ticket, policy, T0);

        Apply(ticket, policy, T0.AddMinutes(61), "sweep");
        var first = Clock(ticket, SlaMetric.FirstResponse);
        Assert.Equal(T0.AddHours(5), first.NextCheckAt);
        Assert.Equal(0, first.RemindersSent);

        Apply(ticket, policy, T0.AddHours(5), "sweep");
        Assert.Equal(T0.AddDays(1).AddHours(1), first.NextCheckAt);

        // A late sweep (the scheduler was down for two days) records the second and last reminder at its moment.
        Apply(ticket, policy, T0.AddDays(3), "sweep");
        Assert.Null(first.NextCheckAt);
        Assert.Equal(2, first.RemindersSent);
        var reminders = ticket.SlaEscalations.Where(e => e.Metric == SlaMetric.FirstResponse && e.IsReminder).ToList();
        Assert.Equal([101, 102], reminders.Select(e => e.Level));
        Assert.Equal([T0.AddHours(5), T0.AddDays(1).AddHours(1)], reminders.Select(e => e.At));
        Assert.Equal(2, ticket.SlaEvents.Count(e => e.Kind == SlaEventKind.Reminded && e.Metric == SlaMetric.FirstResponse));

        Apply(ticket, policy, T0.AddDays(10), "sweep");
        Assert.Equal(2, ticket.SlaEscalations.Count(e => e.Metric == SlaMetric.FirstResponse && e.IsReminder));
    }

    [Fact]
    public void LevelActionsAreOnlyAllowedForTheWarningLevelsAndTheBreach()
    {
        var policy = Build.Policy(1, "Standard", calendarId: 1);
        var error = Assert.Throws<DomainException>(() => policy.SetEscalation([new SlaLevelAction(50, false, null, null, null, "x")], null, 0));
        Assert.Contains("50 % is not one of the warning levels", error.Message);
        Assert.Throws<DomainException>(() => policy.SetEscalation([], 0, 1));
        Assert.Throws<DomainException>(() => policy.SetEscalation([], 60, 0));

        policy.SetEscalation([new SlaLevelAction(75, false, null, null, null, "At-Risk"), new SlaLevelAction(90, true, null, null, null, null)], null, 5);
        Assert.Equal([75], policy.LevelActions.Select(a => a.Level));
        Assert.Equal("at-risk", policy.ActionAt(75).Tag);
        Assert.True(policy.ActionAt(SlaEscalation.BreachLevel).AlertSupervisors);
        Assert.Equal(0, policy.ReminderLimit);

        // Dropping a warning level drops its actions.
        policy.Update(policy.Name, 1, true, [], [], [], [], [TicketStatus.Pending], [90], policy.Targets.Select(t => (t.Metric, t.Priority, t.Minutes)).ToList(), T0);
        Assert.Empty(policy.LevelActions);
    }

    [Fact]
    public void BetweenOnTheCalendarMatchesTheUsedTimeAcrossAPause()
    {
        var policy = Build.Policy(1, "Office", calendarId: 2);
        var ticket = Build.Ticket();
        Apply(ticket, policy, T0);
        ticket.ChangeStatus(TicketStatus.OnHold, Actor.System, T0.AddHours(2));
        Apply(ticket, policy, T0.AddHours(2));
        ticket.ChangeStatus(TicketStatus.Open, Actor.System, T0.AddDays(1));
        Apply(ticket, policy, T0.AddDays(1));

        var resolution = Clock(ticket, SlaMetric.Resolution);
        Assert.Equal(TimeSpan.FromHours(2), resolution.Used);
        Assert.Equal(_calendars[2].Due(Instant.FromDateTimeOffset(T0.AddDays(1)), Duration.FromHours(6)).ToDateTimeOffset(), resolution.DueAt);
    }
}
