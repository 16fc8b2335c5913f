using Dunning.RetryScheduler.Domain;
using Dunning.RetryScheduler.Jobs;

namespace Dunning.RetryScheduler.Cases;

/// <summary>
/// Backup cards (<see cref="RetryPolicyOptions.BackupCards"/>): when the case may pay once with another of the customer's cards
/// instead of its own, and going back to its own card after. The retry job finds the card (<see cref="BackupCardFinder"/>).
/// </summary>
public sealed partial class DunningCase
{
    /// <summary>
    /// The case waits for a new card after a hard decline and may try one of the customer's other cards instead
    /// (<see cref="RetryPolicyOptions.BackupCards"/>), within the attempt cap and the window.
    /// </summary>
    public bool WantsBackupCard(DateTimeOffset now) => BackupCardsAllowed(now) && State.NextAttemptAt is null
        && State.NextAttemptRule is not null && !State.NextAttemptRule.StartsWith("stripe_refused", StringComparison.Ordinal);

    /// <summary>
    /// The planned attempt is due and may go to a backup card, if the card's soft declines call for one
    /// (<see cref="WantsBackupCardAfterSoftDeclines"/>: the retry job reads the history only then).
    /// </summary>
    public bool DueAttemptMayUseBackupCard(DateTimeOffset now) =>
        _policy.BackupCardAfterSoftFailures > 0 && BackupCardsAllowed(now) && State.NextAttemptAt <= now;

    /// <summary>
    /// The due attempt pays with a backup card instead of the case's card: that card has just declined softly
    /// <see cref="RetryPolicyOptions.BackupCardAfterSoftFailures"/> times in a row (or a multiple: with no backup card left then,
    /// the customer's cards are looked at again only after as many more).
    /// </summary>
    public bool WantsBackupCardAfterSoftDeclines(CaseHistory history, DateTimeOffset now) =>
        DueAttemptMayUseBackupCard(now) && history.SoftDeclinesInARow(State.CardFingerprint) is > 0 and var run
        && run % _policy.BackupCardAfterSoftFailures == 0;

    /// <summary>The cards a backup must not be: the one the invoice failed on and every backup already tried.</summary>
    public IReadOnlyCollection<string> CardsNotToTry =>
        [.. State.TriedBackupCards, .. State.PaymentMethodId is { } failedOn ? [failedOn] : Array.Empty<string>()];

    /// <summary>Pays the next attempt, now, with one of the customer's other cards (its own brand and fingerprint count on the budgets).</summary>
    public void TryBackupCard(string paymentMethodId, CardDetails card, DateTimeOffset now)
    {
        State = State with
        {
            OwnCardFingerprint = State.CardFingerprint,
            OwnCardBrand = State.CardBrand,
            CardFingerprint = card.Fingerprint,
            CardBrand = card.Brand,
            NewCardPending = true,
            NewPaymentMethodId = paymentMethodId,
            BackupCardsTried = [.. State.TriedBackupCards, paymentMethodId],
        };
        Note(now, TimelineKind.BackupCard, "backup_card", $"{paymentMethodId} ({card.Brand}): one attempt with the customer's other card");
    }

    /// <summary>
    /// A backup card whose network budgets allow no attempt now is not waited for (the wait could pass the window, and the schedule
    /// is the case's own card's): it counts as tried and the case is back on its own card. Returns whether it was dropped.
    /// </summary>
    public bool DropBackupCardOverBudget(CardBudgetState card, DateTimeOffset now)
    {
        if (!State.PayingWithBackupCard || NetworkBudget.Allows(card, _policy, now))
            return false;
        NoteHeld(card, now, until: null);
        Note(now, TimelineKind.BackupCard, "network_budget", $"{State.NewPaymentMethodId}: not tried, its card budget is full");
        State = State with { NewCardPending = false, NewPaymentMethodId = null };
        BackToOwnCard();
        return true;
    }

    /// <summary>Backup cards are on, ours to try, and the case has an attempt left in its cap and window.</summary>
    private bool BackupCardsAllowed(DateTimeOffset now) => _policy.BackupCards && _policy.RetryOwner == RetryOwner.Dunning && IsOpen
        && !State.Paused && !State.NewCardPending && State.Attempts < _policy.MaxAttempts && now < WindowEnd;

    /// <summary>The backup card was tried: the case's card is its own again, for the schedule and its budgets.</summary>
    private void BackToOwnCard() => State = State with
    {
        CardFingerprint = State.OwnCardFingerprint,
        CardBrand = State.OwnCardBrand,
        OwnCardFingerprint = null,
        OwnCardBrand = null,
    };
}
