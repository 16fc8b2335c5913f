namespace Dunning.Platform.DueJobs;

/// <summary>Settings of the due-job worker (section <c>DueJobs</c>).</summary>
public sealed class DueJobOptions
{
    public int BatchSize { get; set; } = 100;

    /// <summary>Jobs of one batch handled at once.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>How long a claimed job is reserved; a worker that dies gives it back after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>First wait after a handler failure; doubles per attempt up to <see cref="MaxFailureBackoff"/>.</summary>
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxFailureBackoff { get; set; } = TimeSpan.FromMinutes(10);
}
