namespace Dunning.Platform.DueJobs;

/// <summary>What a handler decided: the job is finished, or it runs again at a later time.</summary>
public sealed record DueJobOutcome(DateTimeOffset? RunAgainAt)
{
    public static DueJobOutcome Completed { get; } = new((DateTimeOffset?)null);

    public static DueJobOutcome RunAgain(DateTimeOffset at) => new(at);

    /// <summary>
    /// Called when the handler succeeded but its transaction then failed to commit (the database went away): for a handler
    /// whose effect has already left the database (an email the SMTP server accepted), so that its next run knows.
    /// </summary>
    public Action? IfNotCommitted { get; init; }
}
