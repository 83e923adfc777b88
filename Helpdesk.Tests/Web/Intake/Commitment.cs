using System.Text;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Helpdesk.Infrastructure.Mail.Intake;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web.Intake;

/// <summary>
/// The acknowledgement of a new ticket by email names the first reply its SLA commits to: the engine's due moment on the
/// first-response clock, written in the customer's zone (else their organization's, else the helpdesk's). Each
/// expectation below is worked out by hand from the calendar; the test also holds it to the clock the engine stored.
/// </summary>
public sealed class Commitment : IAsyncLifetime
{
    private const string Weekdays = """
        "week": {
          "monday": [["09:00", "17:00"]], "tuesday": [["09:00", "17:00"]], "wednesday": [["09:00", "17:00"]],
          "thursday": [["09:00", "17:00"]], "friday": [["09:00", "17:00"]], "saturday": [], "sunday": []
        }
        """;

    private HelpdeskFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new HelpdeskFactory(TestDatabase.Sqlite(), ownsDatabase: true, new Dictionary<string, string>
        {
            ["Mailboxes:0:Name"] = "support",
            ["Mailboxes:0:Host"] = "imap.example.invalid",
            ["Mailboxes:0:Address"] = "help@helpdesk.localhost",
            ["Mailboxes:0:UserName"] = "help@helpdesk.localhost",
            ["Mailboxes:0:Password"] = "imap-password",
        });
        _ = _app.Services; // started: the database migrated
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A calendar (weekdays 09:00–17:00 in <paramref name="zone"/>, with the holidays given) and one policy on it: a Normal ticket's first reply within <paramref name="minutes"/>.</summary>
    private async Task PolicyAsync(string zone, int minutes, params string[] holidays)
    {
        var json = $$"""{"name": "Office", "timeZone": "{{zone}}", {{Weekdays}}, "holidays": [{{string.Join(", ", holidays.Select(h => $$"""{"date": "{{h}}"}"""))}}]}""";
        await using var scope = _app.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ISlaStore>();
        var calendar = new SlaCalendar(CalendarDefinition.Parse(json).Calendar!, _app.Clock.GetUtcNow());
        store.Add(calendar);
        await store.SaveChangesAsync();
        var policy = new SlaPolicy("Office hours", calendar.Id, 1);
        policy.Update("Office hours", calendar.Id, true, [], [], [], [], [TicketStatus.Pending], [75],
            [(SlaMetric.FirstResponse, TicketPriority.Normal, minutes), (SlaMetric.Resolution, TicketPriority.Normal, minutes * 4)], _app.Clock.GetUtcNow());
        store.Add(policy);
        await store.SaveChangesAsync();
    }

    /// <summary>The customer (and their organization) as known before they write, with the zones given.</summary>
    private async Task CustomerAsync(string? zone, string? organizationZone = null)
    {
        await using var db = _app.NewContext();
        var organization = new Organization("Acme", "acme.example", null, _app.Clock.GetUtcNow());
        organization.SetTimeZone(organizationZone);
        db.Organizations.Add(organization);
        var customer = new Customer(new EmailAddress("ana@acme.example"), "Ana", organization, _app.Clock.GetUtcNow());
        customer.SetTimeZone(zone);
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
    }

    /// <summary>Ana writes at <paramref name="at"/> (UTC); the acknowledgement's body, and the first-response clock's due moment.</summary>
    private async Task<(string Body, DateTimeOffset? Due)> WriteAtAsync(DateTimeOffset at)
    {
        _app.Clock.SetUtcNow(at);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<InboundMailProcessor>().ReceiveAsync(
                "support", null, null, Encoding.UTF8.GetBytes("From: Ana <ana@acme.example>\r\nSubject: Printer\r\n\r\nIt jams.\r\n"), new MailboxDefaults());
        }

        await using var db = _app.NewContext();
        var acknowledgement = await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.Acknowledgement);
        var clock = await db.Set<SlaClock>().SingleOrDefaultAsync(c => c.Metric == SlaMetric.FirstResponse);
        return (acknowledgement.Body, clock?.DueAt);
    }

    private static DateTimeOffset Utc(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    [Theory]
    // Lisbon office, 4 h, written Monday 15:00 (UTC+0): 2 h on Monday, 2 h on Tuesday → Tuesday 11:00 Lisbon.
    [InlineData("Europe/Lisbon", null, "Europe/Lisbon", 3, 2, 15, "Tuesday 3 March, 11:00 (Lisbon time)")]
    // The same moment for a customer in São Paulo (UTC−3).
    [InlineData("Europe/Lisbon", null, "America/Sao_Paulo", 3, 2, 15, "Tuesday 3 March, 08:00 (Sao Paulo time)")]
    // Lisbon office over the change to summer time (Sunday 29 March): written Friday 27 March 16:00 (UTC+0), 1 h on
    // Friday, 3 h on Monday from 09:00 WEST → 12:00 Lisbon = 11:00 UTC; London changed the same night.
    [InlineData("Europe/Lisbon", null, "Europe/London", 3, 27, 16, "Monday 30 March, 12:00 (London time)")]
    [InlineData("Europe/Lisbon", null, "UTC", 3, 27, 16, "Monday 30 March, 11:00 (UTC)")]
    // New York office over its change to summer time (Sunday 8 March): written Friday 6 March 16:00 EST (21:00 UTC),
    // 1 h on Friday, 3 h on Monday from 09:00 EDT → 12:00 EDT = 16:00 UTC = 16:00 in Lisbon (still winter time).
    [InlineData("America/New_York", null, "Europe/Lisbon", 3, 6, 21, "Monday 9 March, 16:00 (Lisbon time)")]
    // No zone on the customer: their organization's (Tokyo, UTC+9).
    [InlineData("Europe/Lisbon", "Asia/Tokyo", null, 3, 2, 15, "Tuesday 3 March, 20:00 (Tokyo time)")]
    // Neither: the helpdesk's (UTC here).
    [InlineData("Europe/Lisbon", null, null, 3, 2, 15, "Tuesday 3 March, 11:00 (UTC)")]
    public async Task NamesTheEnginesDueMomentInTheCustomersZone(
        string calendarZone, string? organizationZone, string? customerZone, int month, int day, int hour, string expected)
    {
        await PolicyAsync(calendarZone, 240);
        await CustomerAsync(customerZone, organizationZone);

        var (body, due) = await WriteAtAsync(Utc(month, day, hour));

        Assert.Contains($"You will hear from us by {expected}.", body, StringComparison.Ordinal);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(customerZone ?? organizationZone ?? "UTC");
        Assert.Equal(expected, TimeZones.Spoken(due!.Value, zone, _app.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task SkipsAHolidayOfTheCalendar()
    {
        // Tuesday 3 March is a holiday: 2 h on Monday, 2 h on Wednesday.
        await PolicyAsync("Europe/Lisbon", 240, "2026-03-03");
        await CustomerAsync("Europe/Lisbon");

        var (body, due) = await WriteAtAsync(Utc(3, 2, 15));

        Assert.Contains("You will hear from us by Wednesday 4 March, 11:00 (Lisbon time).", body, StringComparison.Ordinal);
        Assert.Equal(Utc(3, 4, 11), due);
    }

    [Fact]
    public async Task NamesTheYearWhenTheReplyIsDueNextYear()
    {
        // Written Thursday 31 December 2026 16:00 in Lisbon with 4 h: 1 h that day, 3 h on Friday 1 January.
        await PolicyAsync("Europe/Lisbon", 240);
        await CustomerAsync("Europe/Lisbon");

        var (body, _) = await WriteAtAsync(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero));

        Assert.Contains("You will hear from us by Friday 1 January 2027, 12:00 (Lisbon time).", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaysNothingOfATargetWhenNoPolicyApplies()
    {
        await CustomerAsync("Europe/Lisbon");

        var (body, due) = await WriteAtAsync(Utc(3, 2, 15));

        Assert.Null(due);
        Assert.DoesNotContain("hear from us", body, StringComparison.Ordinal);
        Assert.Contains("we have received your request", body, StringComparison.Ordinal);
    }
}
