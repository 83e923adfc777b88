using Helpdesk.Core.Availability;
using Helpdesk.Core.Sla;
using NodaTime;

namespace Helpdesk.Tests.Unit.Availability;

/// <summary>Monthly availability against figures worked out by hand (March 2026 has 31 days, 744 hours, 22 weekdays).</summary>
public sealed class AvailabilityCalculatorTests
{
    private static readonly BusinessCalendar AllHours = new(CalendarDefinition.TwentyFourSeven("24x7", "UTC"));

    private static readonly YearMonth March = new(2026, 3);

    private static readonly Instant AfterMarch = Instant.FromUtc(2026, 5, 1, 0, 0);

    private static Instant Utc(int month, int day, int hour, int minute = 0) => Instant.FromUtc(2026, month, day, hour, minute);

    private static Outage Down(Instant start, Instant? end) => new(start, end);

    [Fact]
    public void OneTwoHourOutageInAFullMonth()
    {
        var march = AvailabilityCalculator.Month(AllHours, March, [Down(Utc(3, 10, 10), Utc(3, 10, 12))], 99.9, AfterMarch);

        Assert.Equal(Duration.FromHours(744), march.Measured);
        Assert.Equal(Duration.FromHours(2), march.Downtime);
        Assert.Equal(1 - (2.0 / 744), march.Achieved!.Value, 12);
        Assert.Equal(Duration.FromSeconds(2678.4), march.Allowed); // 0.1 % of 744 h = 44.64 min
        Assert.Equal(Duration.FromSeconds(2678.4 - 7200), march.BudgetLeft);
        Assert.False(march.Met);
        Assert.False(march.InProgress);
    }

    [Fact]
    public void OverlappingOutagesCountTheirUnionOnce()
    {
        // 10:00–12:00 and 11:00–13:00, plus 12:30–12:45 inside the second: 3 h in all.
        var march = AvailabilityCalculator.Month(AllHours, March,
            [Down(Utc(3, 10, 11), Utc(3, 10, 13)), Down(Utc(3, 10, 10), Utc(3, 10, 12)), Down(Utc(3, 10, 12, 30), Utc(3, 10, 12, 45))], 99.5, AfterMarch);

        Assert.Equal(Duration.FromHours(3), march.Downtime);
        Assert.Equal(1 - (3.0 / 744), march.Achieved!.Value, 12);
        Assert.True(march.Met); // 99.5 % allows 3.72 h
    }

    [Fact]
    public void AnOutageAcrossTheMonthsEndCountsInEachMonthForItsOwnPart()
    {
        Outage[] outages = [Down(Utc(3, 31, 23), Utc(4, 1, 1, 30))];

        Assert.Equal(Duration.FromHours(1), AvailabilityCalculator.Month(AllHours, March, outages, 99.9, AfterMarch).Downtime);
        var april = AvailabilityCalculator.Month(AllHours, new YearMonth(2026, 4), outages, 99.9, AfterMarch);
        Assert.Equal(Duration.FromMinutes(90), april.Downtime);
        Assert.Equal(Duration.FromHours(720), april.Measured);
    }

    [Fact]
    public void ADegradedServiceIsNotDown()
    {
        var march = AvailabilityCalculator.Month(AllHours, March, [new Outage(Utc(3, 10, 10), Utc(3, 10, 12), Degraded: true)], 99.9, AfterMarch);

        Assert.Equal(Duration.Zero, march.Downtime);
        Assert.Equal(1.0, march.Achieved);
    }

    [Fact]
    public void AServiceCalendarCountsOnlyItsOpenHours()
    {
        // Weekdays 09:00–17:00 in Lisbon: March 2026 has 22 weekdays, 176 open hours (the change to summer time on
        // Sunday 29 March moves no open hour). Down from Friday 27 March 16:00 to Monday 30 March 10:00 (Lisbon):
        // 1 h on Friday, 1 h on Monday.
        var office = new BusinessCalendar(CalendarDefinition.Parse("""
            {"name": "Office", "timeZone": "Europe/Lisbon", "week": {
              "monday": [["09:00", "17:00"]], "tuesday": [["09:00", "17:00"]], "wednesday": [["09:00", "17:00"]],
              "thursday": [["09:00", "17:00"]], "friday": [["09:00", "17:00"]], "saturday": [], "sunday": []}, "holidays": []}
            """).Calendar!);
        var start = Utc(3, 27, 16); // 16:00 WET = UTC
        var end = Utc(3, 30, 9); // 10:00 WEST = 09:00 UTC

        var march = AvailabilityCalculator.Month(office, March, [Down(start, end)], 99.0, AfterMarch);

        Assert.Equal(Duration.FromHours(176), march.Measured);
        Assert.Equal(Duration.FromHours(2), march.Downtime);
        Assert.Equal(1 - (2.0 / 176), march.Achieved!.Value, 12);
        Assert.Equal(Duration.FromSeconds(176 * 36), march.Allowed); // 1 % of 176 h = 1.76 h
    }

    [Fact]
    public void AMonthInProgressIsMeasuredSoFarAndAnOngoingOutageUntilNow()
    {
        // Now is 11 March 00:00: 10 days measured; down since 10 March 21:36, 2.4 h so far.
        var now = Utc(3, 11, 0);

        var march = AvailabilityCalculator.Month(AllHours, March, [Down(Utc(3, 10, 21, 36), null)], 99.9, now);

        Assert.True(march.InProgress);
        Assert.Equal(Duration.FromHours(240), march.Measured);
        Assert.Equal(Duration.FromMinutes(144), march.Downtime);
        Assert.Equal(0.99, march.Achieved!.Value, 12);
        Assert.Equal(Duration.FromSeconds(2678.4), march.Allowed); // the whole month's allowance
    }

    [Fact]
    public void DaysShowEachDaysShareUpToNow()
    {
        var days = AvailabilityCalculator.Days(AllHours, new LocalDate(2026, 3, 9), 3, [Down(Utc(3, 9, 18), Utc(3, 10, 6))], Utc(3, 11, 12));

        Assert.Equal([0.75, 0.75, 1.0], days.Select(d => d.Achieved!.Value));
        Assert.Equal(Duration.FromHours(12), days[2].Measured);
    }

    [Fact]
    public void NothingBeforeMeasuringBeganCounts()
    {
        // Defined on 21 March 00:00: 11 days measured (264 h); an outage on 10 March is before it; the allowance stays the month's.
        var march = AvailabilityCalculator.Month(AllHours, March, [Down(Utc(3, 10, 10), Utc(3, 10, 12)), Down(Utc(3, 25, 10), Utc(3, 25, 11))], 99.9, AfterMarch, since: Utc(3, 21, 0));

        Assert.Equal(Duration.FromHours(264), march.Measured);
        Assert.Equal(Duration.FromHours(1), march.Downtime);
        Assert.Equal(Duration.FromSeconds(2678.4), march.Allowed);
    }
}
