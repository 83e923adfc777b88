using NodaTime;
using NodaTime.Text;

namespace Helpdesk.Core.Sla;

/// <summary>ISO-8601 instants as people type them: with Z or with an offset.</summary>
public static class InstantText
{
    public static readonly InstantPattern Utc = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'Z'");

    public static Instant Parse(string text)
    {
        var offset = OffsetDateTimePattern.ExtendedIso.Parse(text.Trim());
        if (offset.Success)
        {
            return offset.Value.ToInstant();
        }

        var instant = InstantPattern.ExtendedIso.Parse(text.Trim());
        return instant.Success ? instant.Value : throw new FormatException($"'{text}' is not an ISO-8601 instant like 2026-03-27T16:30:00Z.");
    }
}
