using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Helpdesk.Web.Presentation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Unit.Web;

public sealed class SlaPresenterTests
{
    [Fact]
    public void AnOverdueBadgeSaysHowLateInBusinessHoursAndHowLongAgoTheDueMomentWas()
    {
        var now = new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.Zero); // Tuesday, 10:00 in Lisbon (UTC in March)
        var calendar = new BusinessCalendar(CalendarDefinition.Parse(Helpdesk.Tests.Unit.Sla.BusinessCalendarTests.Lisbon).Calendar!);
        var setup = new SlaSetup([new SlaPolicy("Office", 0, 1)], new Dictionary<int, BusinessCalendar> { [0] = calendar });
        var presenter = new SlaPresenter(new TimeDisplay(Helpdesk.Core.Domain.DisplayZone.Utc, new FakeTimeProvider(now)));
        QueueRow Row(DateTimeOffset due) => new(1, "Printer", TicketStatus.Open, TicketPriority.Normal, "Ana", "ana@acme.example", null, null, null, now, now, due, null, SlaMetric.FirstResponse, 0);

        // Due Monday 17:00: one office hour that evening and one this morning, seventeen hours of the clock.
        Assert.Equal("1st reply 2 h overdue (business hours, due 17 h ago)", presenter.Badge(Row(now.AddHours(-17)), setup, now)!.Text);

        // Due within today's hours: business and calendar time agree, and only one is said.
        Assert.Equal("1st reply 30 min overdue (business hours)", presenter.Badge(Row(now.AddMinutes(-30)), setup, now)!.Text);
    }
}
