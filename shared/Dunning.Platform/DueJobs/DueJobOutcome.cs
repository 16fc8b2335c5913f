namespace Dunning.Platform.DueJobs;

/// <summary>
/// What a handler decided: the job is finished; it runs again at a later time (<see cref="RunAgain"/>, in the job's own
/// time: its test clock's, if it has one); or it is tried again after a wall-clock wait (<see cref="RetryIn"/>: the work is
/// due, but something it needs, such as Stripe, is not answering; a test clock that stands still must not hold that up).
/// </summary>
public sealed record DueJobOutcome(DateTimeOffset? RunAgainAt, TimeSpan? RetryAfter = null)
{
    public static DueJobOutcome Completed { get; } = new((DateTimeOffset?)null);

    public static DueJobOutcome RunAgain(DateTimeOffset at) => new(at);

    public static DueJobOutcome RetryIn(TimeSpan wait) => new(null, wait);

    /// <summary>
    /// Called when the handler succeeded but its transaction then failed to commit (the database went away): for a handler
    /// whose effect has already left the database (an email the SMTP server accepted), so that its next run knows.
    /// </summary>
    public Action? IfNotCommitted { get; init; }
}
