using BenchmarkDotNet.Attributes;
using Helpdesk.Core.Sla;
using NodaTime;

namespace Helpdesk.Bench;

/// <summary>
/// Business-calendar arithmetic on a weekday 09:00–18:00 calendar with 12 holidays a year (Europe/Lisbon):
/// <c>dotnet run -c Release --project bench/Helpdesk.Bench -- calendar</c>. Each invocation does
/// <see cref="Batch"/> operations from spread-out starts, so ops/s = Batch / mean time.
/// </summary>
[MemoryDiagnoser]
public class CalendarBenchmarks
{
    public const int Batch = 1000;

    private readonly Instant[] _starts = new Instant[Batch];
    private BusinessCalendar _calendar = null!;

    [Params(8 * 60, 5 * 9 * 60, 250 * 9 * 60)]
    public int SpanMinutes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var week = new Dictionary<IsoDayOfWeek, IReadOnlyList<OpenInterval>>();
        for (var d = IsoDayOfWeek.Monday; d <= IsoDayOfWeek.Friday; d++)
        {
            week[d] = [new OpenInterval(9 * 60, 18 * 60)];
        }

        var holidays = new List<Holiday>();
        for (var year = 2026; year <= 2028; year++)
        {
            foreach (var (month, day) in new[] { (1, 1), (2, 17), (4, 3), (4, 25), (5, 1), (6, 10), (6, 13), (8, 15), (10, 5), (11, 1), (12, 8), (12, 25) })
            {
                holidays.Add(new Holiday(new LocalDate(year, month, day), []));
            }
        }

        _calendar = new BusinessCalendar(new CalendarDefinition("Bench", "Europe/Lisbon", week, holidays));
        var random = new Random(7);
        for (var i = 0; i < Batch; i++)
        {
            _starts[i] = Instant.FromUtc(2026, 1, 1, 0, 0).Plus(Duration.FromMinutes(random.Next(0, 365 * 24 * 60)));
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public Instant Due()
    {
        var span = Duration.FromMinutes(SpanMinutes);
        Instant last = default;
        foreach (var start in _starts)
        {
            last = _calendar.Due(start, span);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public Duration Between()
    {
        // The real-time window whose business time is about the span.
        var window = Duration.FromMinutes(SpanMinutes * 24L / 9 * 7 / 5);
        var total = Duration.Zero;
        foreach (var start in _starts)
        {
            total += _calendar.Between(start, start + window);
        }

        return total;
    }
}
