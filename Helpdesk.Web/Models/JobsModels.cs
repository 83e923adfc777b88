namespace Helpdesk.Web.Models;

/// <summary>A recurring job as the jobs page shows it: its schedule in words, and its last run's outcome.</summary>
public sealed record JobRow(string Id, string Name, string Schedule, DateTimeOffset? LastRun, string? LastState, string? LastResult, DateTimeOffset? NextRun, string? Error);

/// <summary>A job server (a node with jobs on) and when it last reported.</summary>
public sealed record JobServerRow(string Name, bool IsThisNode, int Workers, DateTimeOffset StartedAt, DateTimeOffset? Heartbeat);

/// <summary>A run that failed after its retries.</summary>
public sealed record FailedJobRow(string Id, string Job, DateTimeOffset? FailedAt, string Message);

public sealed class JobsViewModel
{
    /// <summary>False on a web-only node (<c>Jobs:Enabled=false</c>).</summary>
    public bool JobsOn { get; set; }

    /// <summary>Single-node SQLite storage, or PostgreSQL shared by the nodes.</summary>
    public string? Storage { get; set; }

    public List<JobServerRow> Servers { get; } = [];

    public List<JobRow> Jobs { get; } = [];

    public long FailedCount { get; set; }

    public List<FailedJobRow> Failed { get; } = [];

    public required Helpdesk.Core.Ports.OutboxSummary Outbox { get; init; }
}
