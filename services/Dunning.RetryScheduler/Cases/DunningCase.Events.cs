using Dunning.Contracts;
using Dunning.Platform.DueJobs;
using Dunning.RetryScheduler.Domain;
using Dunning.RetryScheduler.Jobs;

namespace Dunning.RetryScheduler.Cases;

/// <summary>The commands of what Stripe tells about the case's invoice and customer (the consumers call them).</summary>
public sealed partial class DunningCase
{
    /// <summary>A payment this close to our own pay call is that call's result (its answer may have been lost).</summary>
    public static readonly TimeSpan OwnCallTolerance = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Stripe emits <c>invoice.payment_failed</c> for every failed attempt, ours through <c>pay</c> included. The event names
    /// the request that caused it (<c>request.idempotency_key</c>), and our pay calls' keys start with the case's id. Any other
    /// failure (e.g. the customer's own attempt on the hosted page) counts. <c>attempt_count</c> cannot tell them apart:
    /// Stripe counts only the first attempt and its own automatic retries, never a manual attempt after the first.
    /// </summary>
    public bool IsEchoOfOurPayCall(PaymentFailed failed) =>
        failed.RequestIdempotencyKey?.StartsWith(PayCallKeys.PrefixOf(Id), StringComparison.Ordinal) == true;

    /// <summary>
    /// Records a failed attempt Stripe reported (not an echo of our own pay call). An open case takes the card it names; a
    /// closed one stays closed, but the attempt still counts on the card's budget.
    /// </summary>
    public void RecordStripeAttempt(PaymentFailed failed)
    {
        var byCustomer = IsCustomersAttempt(failed);
        if (IsOpen)
            State = State with
            {
                CardFingerprint = failed.Decline.CardFingerprint ?? State.CardFingerprint,
                CardBrand = failed.Decline.CardBrand ?? State.CardBrand,
                PaymentMethodId = failed.Decline.PaymentMethodId ?? State.PaymentMethodId,
                StripeAttemptCount = Math.Max(State.StripeAttemptCount, failed.StripeAttemptCount),
            };
        RecordAttempt(failed.OccurredAt, byCustomer ? AttemptSource.Customer : AttemptSource.Stripe, failed.Decline, byCustomer
            ? $"the customer's attempt (attempt_count stays {failed.StripeAttemptCount})"
            : $"Stripe attempt {failed.StripeAttemptCount}");
    }

    /// <summary>
    /// A failure that leaves the invoice's <c>attempt_count</c> where an earlier one of Stripe's put it was a manual attempt: "any payment
    /// attempt counts as the first attempt, and subsequently only automatic retries increment the attempt count" (Stripe.net 53.1.0,
    /// Invoice.AttemptCount). Our own pay calls are echoes, recognised before; the manual attempts left are taken as the customer's, on
    /// the hosted invoice page (on-session). Out of order, Stripe's retry and the customer's attempt may swap sources, never the counts.
    /// </summary>
    private bool IsCustomersAttempt(PaymentFailed failed) => failed.StripeAttemptCount > 0 && failed.StripeAttemptCount <= State.StripeAttemptCount;

    /// <summary>The invoice was settled before its first failure arrived (out-of-order events): <paramref name="outcome"/> closes the case at once.</summary>
    /// <param name="outcome">What settled it: a <see cref="RecoveryMethod"/> or <see cref="LossReason"/> name.</param>
    public void CloseAsSettled(string outcome, DateTimeOffset now)
    {
        if (outcome == nameof(RecoveryMethod.CustomerPaid))
            AwaitPaymentOrigin(now);
        else if (Enum.TryParse<RecoveryMethod>(outcome, out var method))
            CloseRecovered(method, now);
        else
            CloseLost(Enum.Parse<LossReason>(outcome), finalAction: false, now);
    }

    /// <summary>
    /// The invoice was paid (<paramref name="paidAt"/>): by our pay call or a new card's, the case is recovered; paid by someone else,
    /// no more attempts, and it closes once Stripe said whether that was outside Stripe (<see cref="Jobs.PaymentOriginJobHandler"/>).
    /// </summary>
    public void InvoicePaid(DateTimeOffset paidAt, DateTimeOffset now)
    {
        var followsOurCall = State.LastPayCallAt is { } call && (paidAt - call).Duration() <= OwnCallTolerance;
        var method = State.PayingWithBackupCard ? RecoveryMethod.BackupCard
            : State.NewCardPending ? RecoveryMethod.CardUpdated : followsOurCall ? RecoveryMethod.Retry : RecoveryMethod.CustomerPaid;
        if (method == RecoveryMethod.CustomerPaid)
            AwaitPaymentOrigin(now);
        else
            CloseRecovered(method, now);
    }

    /// <summary>Someone else paid the invoice: Stripe's events do not say whether outside Stripe, so the case asks Stripe first.</summary>
    private void AwaitPaymentOrigin(DateTimeOffset now)
    {
        State = State with { Paused = true, NextAttemptAt = null, NextAttemptRule = "paid_elsewhere", NewCardPending = false };
        CancelRetryJob();
        Note(now, TimelineKind.PaidElsewhere, null, "asking Stripe whether it was paid outside Stripe");
        ScheduleOnce(new NewDueJob(PaymentOriginJob.KeyFor(Id), PaymentOriginJob.Kind, new PaymentOriginJob(Id), now, State.ClockId));
    }

    /// <summary>
    /// Whether the customer's new default card is new to this case. A card the updater refreshed is new only to a case that
    /// failed on it (or on a card Stripe never named). A card set up before the failure is not: the failure already used it,
    /// however late its event arrives (Stripe delivers out of order). See docs/decisions/006-which-card-change-retries.md.
    /// </summary>
    public bool IsNewCard(PaymentMethodUpdated updated) =>
        updated.OccurredAt > State.FailedAt
        && !(updated.ByCardUpdater && State.PaymentMethodId is { } failedOn && failedOn != updated.PaymentMethodId);

    /// <summary>
    /// A new card (<see cref="IsNewCard"/>; otherwise nothing happens): one immediate retry paid with it, outside the attempt
    /// cap, inside the card's budgets; unless Stripe drives the retries or the case is paused.
    /// </summary>
    public void NewCard(PaymentMethodUpdated updated, DateTimeOffset now)
    {
        if (!IsNewCard(updated))
            return;
        // The new card's own fingerprint, even when unknown yet (the retry reads it from Stripe): the old card's budget must not count it.
        State = State with
        {
            CardFingerprint = updated.CardFingerprint,
            CardBrand = updated.CardBrand,
            NewCardPending = true,
            NewPaymentMethodId = updated.PaymentMethodId,
        };
        var ours = _policy.RetryOwner == RetryOwner.Dunning && !State.Paused;
        Note(now, TimelineKind.NewPaymentMethod, null,
            ours ? $"{updated.PaymentMethodId}: one immediate retry" : $"{updated.PaymentMethodId}: Stripe retries (or the case is paused)");
        if (ours)
            ScheduleRetryJob(now);
    }
}
