using System.Text.Json;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;

namespace Helpdesk.Core.Sla;

/// <summary>
/// A calendar or policy change's request to bring every unsolved ticket's clocks in line, stored in the same
/// transaction as the change: time up to <see cref="ChangedAt"/> counts under the calendars as they were
/// (kept here as their definitions), the rest under the new setup. <see cref="Cursor"/> is the last ticket
/// number done, committed with each batch, so a crash resumes where it stopped and loses nothing.
/// </summary>
public sealed class SlaRecomputeRequest
{
    private SlaRecomputeRequest()
    {
    }

    public SlaRecomputeRequest(SlaSetup previous, DateTimeOffset changedAt, string cause)
    {
        ChangedAt = changedAt;
        Cause = cause.Length > Limits.AuditValueLength ? cause[..Limits.AuditValueLength] : cause;
        PreviousCalendars = JsonSerializer.Serialize(previous.Calendars.ToDictionary(c => c.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), c => c.Value.Definition.ToJson()));
    }

    public long Id { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    public string Cause { get; private set; } = string.Empty;

    /// <summary>The calendars before the change: a JSON object of calendar id to calendar definition.</summary>
    public string PreviousCalendars { get; private set; } = "{}";

    public int Cursor { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public IReadOnlyDictionary<int, BusinessCalendar> Calendars() =>
        (JsonSerializer.Deserialize<Dictionary<string, string>>(PreviousCalendars) ?? [])
            .Select(c => (Id: int.Parse(c.Key, System.Globalization.CultureInfo.InvariantCulture), Definition: CalendarDefinition.Parse(c.Value).Calendar))
            .Where(c => c.Definition is not null)
            .ToDictionary(c => c.Id, c => new BusinessCalendar(c.Definition!));

    public void Advance(int lastTicket) => Cursor = Math.Max(Cursor, lastTicket);

    public void Complete(DateTimeOffset now) => CompletedAt = now;
}
