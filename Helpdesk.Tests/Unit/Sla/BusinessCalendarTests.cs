using Helpdesk.Core.Sla;
using NodaTime;
using NodaTime.Text;

namespace Helpdesk.Tests.Unit.Sla;

public sealed class BusinessCalendarTests
{
    public static readonly string[] Zones = ["Europe/Lisbon", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Pacific/Chatham"];

    private static Instant At(string iso) => InstantPattern.ExtendedIso.Parse(iso).Value;

    private static CalendarDefinition Parse(string json)
    {
        var result = CalendarDefinition.Parse(json);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.Calendar!;
    }

    public const string Lisbon = """
        {"name":"Lisbon office","timeZone":"Europe/Lisbon",
         "week":{"monday":[["09:00","13:00"],["14:00","18:00"]],"tuesday":[["09:00","18:00"]],
                 "wednesday":[],"thursday":[["22:00","06:00"]],"friday":[["09:00","24:00"]],
                 "saturday":[],"sunday":[]},
         "holidays":[{"date":"2026-12-25"},{"date":"2026-12-24","open":[["09:00","13:00"]]}]}
        """;

    [Fact]
    public void TheExampleCalendarParsesAndRoundTripsThroughJson()
    {
        var calendar = Parse(Lisbon);

        Assert.Equal("Lisbon office", calendar.Name);
        Assert.Equal([new OpenInterval(22 * 60, 30 * 60)], calendar.On(IsoDayOfWeek.Thursday));
        Assert.Equal([new OpenInterval(9 * 60, 24 * 60)], calendar.On(IsoDayOfWeek.Friday));
        Assert.Equal(2, calendar.Holidays.Count);
        var again = Parse(calendar.ToJson());
        Assert.Equal(calendar.ToJson(), again.ToJson());
        Assert.Contains("\"22:00\"", calendar.ToJson());
        Assert.Contains("\"06:00\"", calendar.ToJson());
    }

    [Fact]
    public void DueFromFridayAfternoonCarriesOverTheWeekendAndTheDstChange()
    {
        var calendar = new BusinessCalendar(Parse(Lisbon));

        // Friday 16:30 WET: 7.5 h left on Friday; Monday (now WEST, UTC+1) 09:00 + 30 min.
        Assert.Equal(At("2026-03-30T08:30:00Z"), calendar.Due(At("2026-03-27T16:30:00Z"), Duration.FromMinutes(480)));
        Assert.Equal(At("2026-03-27T16:30:00Z"), calendar.Due(At("2026-03-27T16:30:00Z"), Duration.Zero));
        Assert.Equal(Duration.FromMinutes(480), calendar.Between(At("2026-03-27T16:30:00Z"), At("2026-03-30T08:30:00Z")));
    }

    [Fact]
    public void TheOvernightShiftBelongsToTheDayItStartsOn()
    {
        var calendar = new BusinessCalendar(Parse(Lisbon));

        // Thursday 2026-03-26 22:00 to Friday 06:00 (WET = UTC): 8 h; the next opening is Friday 09:00.
        Assert.Equal(Duration.FromHours(8), calendar.Between(At("2026-03-26T00:00:00Z"), At("2026-03-27T09:00:00Z")));
        Assert.Equal(At("2026-03-27T09:30:00Z"), calendar.Due(At("2026-03-26T23:00:00Z"), Duration.FromMinutes((7 * 60) + 30)));
    }

    [Fact]
    public void HolidaysReplaceTheDay()
    {
        var calendar = new BusinessCalendar(Parse(Lisbon));

        // 2026-12-24 is a Thursday: only 09:00–13:00 instead of the overnight shift; the 25th (Friday) is closed.
        Assert.Equal(Duration.FromHours(4), calendar.Between(At("2026-12-24T00:00:00Z"), At("2026-12-26T00:00:00Z")));
        Assert.Equal(At("2026-12-28T10:00:00Z"), calendar.Due(At("2026-12-24T12:00:00Z"), Duration.FromHours(2)));
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"timeZone\":\"Mars/Olympus\",\"week\":{\"monday\":[[\"09:00\",\"17:00\"]]}}", "timeZone: unknown time zone 'Mars/Olympus'")]
    [InlineData("{\"name\":\"x\",\"timeZone\":\"UTC\",\"week\":{\"monday\":[[\"09:00\",\"13:00\"],[\"12:00\",\"17:00\"]]}}", "week.monday: 09:00–13:00 overlaps 12:00–17:00")]
    [InlineData("{\"name\":\"x\",\"timeZone\":\"UTC\",\"week\":{\"monday\":[[\"9am\",\"17:00\"]]}}", "week.monday[0]: start '9am' is not a time")]
    [InlineData("{\"name\":\"x\",\"timeZone\":\"UTC\",\"week\":{\"monday\":[[\"09:00\",\"25:00\"]]}}", "week.monday[0]: end '25:00' is not a time")]
    [InlineData("{\"name\":\"x\",\"timeZone\":\"UTC\",\"week\":{\"monday\":[[\"09:00\",\"09:00\"]]}}", "week.monday[0]: starts and ends at 09:00")]
    [InlineData("{\"name\":\"x\",\"timeZone\":\"UTC\",\"week\":{\"thursday\":[[\"22:00\",\"06:00\"]],\"friday\":[[\"05:00\",\"12:00\"]]}}", "week.thursday: the overnight interval runs until 06:00 and overlaps week.friday")]
    [InlineData("{\"name\":\"x\",\"timeZone\":\"UTC\",\"week\":{\"monday\":[[\"09:00\",\"17:00\"]]},\"holidays\":[{\"date\":\"2026-02-30\"}]}", "holidays[0].date: '2026-02-30' is not a date")]
    [InlineData("{\"name\":\"x\",\"timeZone\":\"UTC\",\"week\":{\"funday\":[[\"09:00\",\"17:00\"]]}}", "week.funday: unknown weekday")]
    [InlineData("{\"name\":\"x\",\"timeZone\":\"UTC\",\"week\":{\"monday\":[]}}", "week: the calendar is never open")]
    [InlineData("{\"timeZone\":\"UTC\",\"week\":{\"monday\":[[\"09:00\",\"17:00\"]]}}", "name: a calendar needs a name")]
    [InlineData("{\"name\":\"x\",\"timeZone\":\"UTC\",\"week\":{\"monday\":[[\"09:00\",\"17:00\"]]},\"holidays\":[{\"date\":\"2026-05-01\"},{\"date\":\"2026-05-01\"}]}", "holidays[1].date: 2026-05-01 is listed twice")]
    [InlineData("not json", "not valid JSON")]
    public void BadCalendarsAreRejectedWithAMessageNamingTheField(string json, string expected)
    {
        var result = CalendarDefinition.Parse(json);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void AYearSpanOnAWeekdayCalendarIsExact()
    {
        var definition = Parse("""
            {"name":"Office","timeZone":"America/New_York","week":{"monday":[["09:00","18:00"]],"tuesday":[["09:00","18:00"]],
             "wednesday":[["09:00","18:00"]],"thursday":[["09:00","18:00"]],"friday":[["09:00","18:00"]]},
             "holidays":[{"date":"2026-07-03"},{"date":"2026-11-26"},{"date":"2026-12-25"}]}
            """);
        var calendar = new BusinessCalendar(definition);
        var reference = new ReferenceCalendar(definition);
        var start = At("2026-01-05T14:00:00Z");
        var minutes = 250 * 9 * 60;

        var due = calendar.Due(start, Duration.FromMinutes(minutes));

        Assert.Equal(reference.Due(start, minutes, 400 * 24 * 60), due);
        Assert.Equal(Duration.FromMinutes(minutes), calendar.Between(start, due));
    }

    /// <summary>Thousands of random calendars, starts and spans in five zones, against the minute-by-minute reference.</summary>
    [Fact]
    public void RandomCalendarsAgreeWithTheMinuteByMinuteReference()
    {
        var random = new Random(2026);
        var checkedCases = 0;
        for (var c = 0; c < 400; c++)
        {
            var definition = RandomCalendar(random, Zones[c % Zones.Length]);
            if (definition.Validate().Count > 0)
            {
                continue;
            }

            var calendar = new BusinessCalendar(definition);
            var reference = new ReferenceCalendar(definition);
            for (var k = 0; k < 10; k++)
            {
                var start = Instant.FromUtc(2026, 1, 1, 0, 0).Plus(Duration.FromMinutes(random.Next(0, 365 * 24 * 60)));
                var span = random.Next(4) == 0 ? 0 : random.Next(1, 6 * 24 * 60);
                const int horizon = 60 * 24 * 60;
                var expected = reference.Due(start, span, horizon);
                var actual = calendar.Due(start, Duration.FromMinutes(span));
                Assert.True(expected == actual, $"{definition.ToJson()}\nDue({start}, {span} min): expected {expected}, got {actual}");

                var end = start.Plus(Duration.FromMinutes(random.Next(0, 20 * 24 * 60)));
                var between = calendar.Between(start, end);
                Assert.True(reference.BetweenMinutes(start, end) == (int)between.TotalMinutes && between.SubsecondTicks == 0 && between.Seconds == 0,
                    $"{definition.ToJson()}\nBetween({start}, {end}): expected {reference.BetweenMinutes(start, end)} min, got {between}");
                checkedCases++;
            }
        }

        Assert.True(checkedCases > 2000, $"only {checkedCases} cases");
    }

    /// <summary>Each DST change of 2026 in the five zones, seen through a night shift that spans it and a 24x7 calendar.</summary>
    [Theory]
    [InlineData("Europe/Lisbon", "2026-03-28", 7)]
    [InlineData("Europe/Lisbon", "2026-10-24", 9)]
    [InlineData("America/New_York", "2026-03-07", 7)]
    [InlineData("America/New_York", "2026-10-31", 9)]
    [InlineData("Australia/Sydney", "2026-04-04", 9)]
    [InlineData("Australia/Sydney", "2026-10-03", 7)]
    [InlineData("Pacific/Chatham", "2026-04-04", 9)]
    [InlineData("Pacific/Chatham", "2026-09-26", 7)]
    [InlineData("Asia/Kolkata", "2026-03-28", 8)]
    public void ANightShiftAcrossEachDstChangeOf2026LastsItsRealLength(string zoneId, string saturday, int hours)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var definition = Parse($$$"""
            {"name":"Nights","timeZone":"{{{zoneId}}}","week":{"monday":[["22:00","06:00"]],"tuesday":[["22:00","06:00"]],"wednesday":[["22:00","06:00"]],
             "thursday":[["22:00","06:00"]],"friday":[["22:00","06:00"]],"saturday":[["22:00","06:00"]],"sunday":[["22:00","06:00"]]}}
            """);
        var calendar = new BusinessCalendar(definition);
        var night = LocalDatePattern.Iso.Parse(saturday).Value;
        var from = zone.AtLeniently(night.At(new LocalTime(21, 0)));
        var to = zone.AtLeniently(night.PlusDays(1).At(new LocalTime(7, 0)));

        Assert.Equal(Duration.FromHours(hours), calendar.Between(from.ToInstant(), to.ToInstant()));

        // Eight business hours from 22:00: inside the long night, or an hour into the next one after a short night.
        var due = calendar.Due(zone.AtLeniently(night.At(new LocalTime(22, 0))).ToInstant(), Duration.FromHours(8)).InZone(zone);
        var expected = hours switch
        {
            9 => night.PlusDays(1).At(new LocalTime(5, 0)),
            8 => night.PlusDays(1).At(new LocalTime(6, 0)),
            _ => night.PlusDays(1).At(new LocalTime(23, 0)),
        };
        Assert.Equal(expected, due.LocalDateTime);

        // On a 24x7 calendar a day of business time is a day of real time, whatever the clocks on the wall do.
        var always = new BusinessCalendar(CalendarDefinition.TwentyFourSeven("24x7", zoneId));
        var noon = zone.AtLeniently(night.At(new LocalTime(12, 0))).ToInstant();
        Assert.Equal(noon.Plus(Duration.FromHours(24)), always.Due(noon, Duration.FromHours(24)));
        Assert.Equal(Duration.FromHours(24), always.Between(noon, noon.Plus(Duration.FromHours(24))));
    }

    [Fact]
    public void AnIntervalStartingInASpringForwardGapStartsWhenTheGapEnds()
    {
        // New York, 2026-03-08: 02:00 does not exist; an interval 02:30–04:00 runs from 03:30 (shifted by the gap) to 04:00.
        var definition = Parse("""{"name":"x","timeZone":"America/New_York","week":{"sunday":[["02:30","04:00"]]}}""");
        var calendar = new BusinessCalendar(definition);

        Assert.Equal(Duration.FromMinutes(30), calendar.Between(At("2026-03-08T00:00:00Z"), At("2026-03-09T00:00:00Z")));
        Assert.Equal(30, new ReferenceCalendar(definition).BetweenMinutes(At("2026-03-08T00:00:00Z"), At("2026-03-09T00:00:00Z")));
    }

    private static CalendarDefinition RandomCalendar(Random random, string zone)
    {
        var week = new Dictionary<IsoDayOfWeek, IReadOnlyList<OpenInterval>>();
        for (var d = 1; d <= 7; d++)
        {
            week[(IsoDayOfWeek)d] = RandomDay(random);
        }

        var holidays = new List<Holiday>();
        var used = new HashSet<LocalDate>();
        for (var i = random.Next(0, 15); i > 0; i--)
        {
            var date = new LocalDate(2026, 1, 1).PlusDays(random.Next(0, 400));
            if (used.Add(date))
            {
                holidays.Add(new Holiday(date, random.Next(3) == 0 ? RandomDay(random) : []));
            }
        }

        return new CalendarDefinition("random", zone, week, holidays.OrderBy(h => h.Date).ToList());
    }

    private static List<OpenInterval> RandomDay(Random random)
    {
        var kind = random.Next(10);
        if (kind == 0)
        {
            return [];
        }

        if (kind == 1)
        {
            return [new OpenInterval(0, 1440)];
        }

        if (kind == 2)
        {
            // A night shift, maybe across a DST change.
            var start = random.Next(20 * 60, 23 * 60);
            return [new OpenInterval(start, 1440 + random.Next(60, 4 * 60))];
        }

        var result = new List<OpenInterval>();
        var at = random.Next(0, 10 * 60);
        for (var i = random.Next(1, 4); i > 0 && at < 1440; i--)
        {
            var end = Math.Min(1440, at + random.Next(15, 8 * 60));
            result.Add(new OpenInterval(at, end));
            at = end + random.Next(1, 3 * 60);
        }

        return result;
    }

    [Fact]
    public void ANameLongerThanANameCanBeIsRefusedWithItsLength()
    {
        var result = CalendarDefinition.Parse(Lisbon.Replace("Lisbon office", new string('L', 10_000), StringComparison.Ordinal));
        Assert.False(result.Succeeded);
        Assert.Contains("name: at most 200 characters (10000 given).", result.Errors);
    }
}
