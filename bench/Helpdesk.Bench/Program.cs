using BenchmarkDotNet.Running;
using Helpdesk.Bench;

// "calendar": BenchmarkDotNet over the business-calendar engine; anything else: the data generator.
if (args.Length > 0 && args[0] == "calendar")
{
    BenchmarkRunner.Run<CalendarBenchmarks>(args: args[1..]);
    return 0;
}

if (args.Length > 0 && args[0] == "sweep")
{
    return await SweepBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "outbox")
{
    return await OutboxBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "disruption")
{
    return await DisruptionBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "simulate")
{
    return await SimulationBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "report")
{
    return await ReportBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "latency")
{
    return await LatencyBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "search")
{
    return await SearchBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "hostile")
{
    return HostileMailBench.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "mime-compare")
{
    return ParserCompareBench.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "mime")
{
    return MailBench.Mime(args[1..]);
}

if (args.Length > 0 && args[0] == "idle")
{
    return await MailBench.IdleAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "imap")
{
    return await MailBench.ImapAsync(args[1..]);
}

return await Generator.RunAsync(args);
