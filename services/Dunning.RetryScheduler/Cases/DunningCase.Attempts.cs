using Dunning.Contracts;
using Dunning.Platform.DueJobs;
using Dunning.RetryScheduler.Domain;
using Dunning.RetryScheduler.Jobs;

namespace Dunning.RetryScheduler.Cases;

/// <summary>The commands of the case's retry job (<see cref="RetryJobHandler"/>): the attempt it makes and what Stripe answered.</summary>
public sealed partial class DunningCase
{
    /// <summary>No attempt to make: Stripe drives the retries, or none is planned (waiting for a new card, or Stripe refused the last call).</summary>
    public bool AwaitsNoAttempt => _policy.RetryOwner == RetryOwner.Stripe || (!State.NewCardPending && State.NextAttemptAt is null);

    /// <summary>When the planned attempt is due, if that is after <paramref name="now"/> (a new card's retry is due at once).</summary>
    public DateTimeOffset? AttemptDueAfter(DateTimeOffset now) => !State.NewCardPending && State.NextAttemptAt > now ? State.NextAttemptAt : null;

    /// <summary>The number of the next pay call (it names the call's idempotency key, <see cref="PayCallKeys"/>).</summary>
    public int NextPayCall => State.PayCalls + 1;

    /// <summary>The new card the next pay call pays with explicitly (null: the invoice's own payment method).</summary>
    public string? NewCardToPayWith => State.NewCardPending ? State.NewPaymentMethodId : null;

    /// <summary>The window ended with no attempt to make: the case is lost (the final action runs when the retries were ours).</summary>
    public void CloseAtWindowEnd(DateTimeOffset now)
    {
        var ours = _policy.RetryOwner == RetryOwner.Dunning;
        CloseLost(ours && State.NextAttemptAt is null ? LossReason.HardDecline : LossReason.RetriesExhausted, finalAction: ours, now);
    }

    /// <summary>The new card's brand and fingerprint, read from Stripe, so its own budget counts the retry.</summary>
    public void LearnNewCard(string? brand, string? fingerprint) => State = State with { CardBrand = brand ?? State.CardBrand, CardFingerprint = fingerprint };

    /// <summary>
    /// Holds the due attempt to the card's network budgets; returns when it may go (<paramref name="now"/>: at once). Later:
    /// the attempt is postponed to then; after the window's end the case is lost, unless a new card's retry waits for it.
    /// </summary>
    public DateTimeOffset HoldToBudget(CardBudgetState card, DateTimeOffset now)
    {
        var slot = NetworkBudget.EarliestSlot(card, _policy, now);
        if (slot > WindowEnd && !State.NewCardPending)
        {
            NoteHeld(card, now, until: null);
            Note(now, TimelineKind.Stopped, "network_budget", $"card budget full until {slot:u}, after the window ends");
            CloseLost(LossReason.RetriesExhausted, finalAction: true, now);
        }
        else if (slot > now)
        {
            NoteHeld(card, now, slot);
            State = State with { NextAttemptAt = slot };
            Note(now, TimelineKind.Postponed, "network_budget", $"card budget full until {slot:u}");
        }
        return slot;
    }

    /// <summary>Before a pay call under a renewed key, the invoice was read and is not open any more (<paramref name="status"/>).</summary>
    public void NoteInvoiceChecked(string status, DateTimeOffset now) =>
        Note(now, TimelineKind.InvoiceChecked, null, $"invoice is {status} after a pay call Stripe answered with 5xx");

    /// <summary>Stripe gave the pay call no usable answer: it goes again later, under a renewed key when Stripe saved the answer.</summary>
    public void DeferPayCall(PayResult.Unavailable unavailable, DateTimeOffset now)
    {
        State = State with { LastPayCallAt = now, PayKeyRenewals = State.PayKeyRenewals + (unavailable.AnswerSaved ? 1 : 0) };
        Note(now, TimelineKind.Deferred, null, $"pay call {NextPayCall} not answered ({unavailable.Why}); retried at {unavailable.RetryAt:u}"
            + (unavailable.AnswerSaved ? " under a new idempotency key, after checking the invoice is still open" : ""));
    }

    /// <summary>Repeating a request Stripe refused cannot help: no more pay calls; the window's end closes the case.</summary>
    public void PayCallRefused(PayResult.Refused refused, DateTimeOffset now)
    {
        var rule = $"stripe_refused:{refused.Code}";
        State = State with { NextAttemptAt = null, NextAttemptRule = rule, NewCardPending = false };
        Note(now, TimelineKind.Refused, rule, $"pay call {NextPayCall}: {refused.Message}");
    }

    /// <summary>
    /// Records the pay call Stripe answered, made at <paramref name="at"/>: paid (<paramref name="decline"/> null), the case is
    /// recovered at <paramref name="now"/>; declined, the next attempt is to be planned (<see cref="PlanNextRun"/>).
    /// </summary>
    public void RecordPayCall(DeclineDetails? decline, DateTimeOffset at, DateTimeOffset now)
    {
        var payCall = NextPayCall;
        var backup = State.PayingWithBackupCard;
        var source = backup ? AttemptSource.BackupCard : State.NewCardPending ? AttemptSource.NewCard : AttemptSource.Scheduled;
        var newCard = NewCardToPayWith;
        State = State with
        {
            PayCalls = payCall,
            PayKeyRenewals = 0,
            Attempts = State.Attempts + (source == AttemptSource.NewCard ? 0 : 1), // a backup card is ours to try: it counts
            LastPayCallAt = at,
        };
        var c = State;
        decline = decline is null ? null : decline with { CardBrand = c.CardBrand, CardFingerprint = c.CardFingerprint };
        RecordAttempt(at, source, decline, decline is null ? $"pay call {payCall}: paid" : $"pay call {payCall}: declined");
        Publish(new RetryAttempted($"{c.Id}:attempt:{payCall}", c.Id, c.InvoiceId, c.CustomerId, payCall, decline is null, decline ?? DeclineDetails.None, at));
        if (decline is not null)
        {
            State = State with { NewCardPending = false, NewPaymentMethodId = null };
            if (backup)
                BackToOwnCard();
            return;
        }
        if (newCard is not null && !backup && c.SubscriptionId is { } subscription && _policy.MakeNewCardSubscriptionDefault)
            ScheduleOnce(new NewDueJob(DefaultCardJob.KeyFor(c.Id), DefaultCardJob.Kind, new DefaultCardJob(c.Id, subscription, newCard), at, c.ClockId));
        CloseRecovered(backup ? RecoveryMethod.BackupCard : source == AttemptSource.NewCard ? RecoveryMethod.CardUpdated : RecoveryMethod.Retry, now);
    }

    /// <summary>What the final action after the last attempt came to in Stripe (<see cref="FinalActionJobHandler"/>).</summary>
    public void NoteFinalAction(FinalAction action, string outcome, DateTimeOffset now) => Note(now, TimelineKind.FinalAction, action.ToString(), outcome);

    /// <summary>What making the new card the subscription's default came to (<see cref="DefaultCardJobHandler"/>).</summary>
    public void NoteDefaultCard(string outcome, DateTimeOffset now) => Note(now, TimelineKind.DefaultCard, null, outcome);
}
