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

    /// <summary>
    /// Runs in a row that may fail before the job is marked dead, so no failure repeats without end; a handler that knows a
    /// failure is permanent says so at once (<see cref="PermanentJobFailure"/>). At the backoff's ceiling the default is hours
    /// of failing, longer than an SMTP or Stripe outage is expected to last.
    /// </summary>
    public int MaxFailures { get; set; } = 50;

    /// <summary>How often the dead-job gauge is re-counted (at once when this process marks or re-runs a dead job).</summary>
    public TimeSpan DeadCountInterval { get; set; } = TimeSpan.FromSeconds(30);
}
