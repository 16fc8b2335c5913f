namespace Dunning.Platform.Telemetry;

/// <summary>What waits in a service's own tables: its unsent outbox messages, and its overdue due jobs per kind.</summary>
public sealed record Backlog(long OutboxMessages, double OutboxOldestAgeSeconds, IReadOnlyList<DueJobLag> DueJobs)
{
    public static Backlog Empty { get; } = new(0, 0, []);
}

/// <summary>Due jobs of one kind past their time and not yet claimed; the lag is how long the oldest has waited.</summary>
public sealed record DueJobLag(string Kind, long Overdue, double LagSeconds);
