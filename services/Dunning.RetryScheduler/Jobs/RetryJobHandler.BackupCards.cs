using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.RetryScheduler.Cases;

namespace Dunning.RetryScheduler.Jobs;

/// <summary>The retry job's choice of a backup card (<see cref="BackupCardFinder"/>), when the case wants one.</summary>
public sealed partial class RetryJobHandler
{
    /// <summary>
    /// After a hard decline (waiting for a new card) or soft declines in a row (the due attempt), the case pays with the first
    /// of the customer's other cards that may be tried; none left, nothing changes. Returns when the job must run again instead
    /// (Stripe did not answer the look-up); null to go on.
    /// </summary>
    private async Task<DueJobOutcome?> ChooseBackupCardAsync(UnitOfWork unit, DunningCase c, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var afterHardDecline = c.WantsBackupCard(now);
        if (!afterHardDecline && !c.DueAttemptMayUseBackupCard(now))
            return null; // no history read for the common case
        var history = (await cases.PlanningFactsAsync(unit, c, now, cancellationToken)).History;
        if (!afterHardDecline && !c.WantsBackupCardAfterSoftDeclines(history, now))
            return null;
        var declinedOn = history.Attempts.Select(a => a.Decline.CardFingerprint).OfType<string>().ToHashSet();
        switch (await backupCards.FindAsync(c.State.CustomerId, c.CardsNotToTry, declinedOn, now, cancellationToken))
        {
            case BackupCardLookup.StripeUnavailable:
                return DueJobOutcome.RetryIn(policy.CurrentValue.StripeOutageDeferral);
            case BackupCardLookup.Found found:
                c.TryBackupCard(found.PaymentMethodId, found.Card, now);
                break;
        }
        return null;
    }
}
