using Dunning.Platform.DueJobs;

namespace Dunning.Notification.Domain;

/// <summary>
/// A job that came due before this service heard of its case (the failure that opens it comes on another queue, in no set order)
/// runs again shortly, never past the time after which it means nothing.
/// </summary>
public static class CaseWait
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(2);

    public static DueJobOutcome Until(DateTimeOffset now, DateTimeOffset until) => DueJobOutcome.RunAgain(now + Step < until ? now + Step : until);
}
