namespace Dunning.Platform.DueJobs;

/// <summary>What a handler decided: the job is finished, or it runs again at a later time.</summary>
public sealed record DueJobOutcome(DateTimeOffset? RunAgainAt)
{
    public static DueJobOutcome Completed { get; } = new((DateTimeOffset?)null);

    public static DueJobOutcome RunAgain(DateTimeOffset at) => new(at);
}
