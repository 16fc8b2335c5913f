using Dunning.Contracts;
using Dunning.Lab.Learning;
using Dunning.RetryScheduler.Domain;

namespace Dunning.RetryScheduler.Cases;

/// <summary>
/// What planning the next attempt reads: the case's attempts, its card's attempts in the longest budget period, and the learned
/// model when one is configured (a policy with <see cref="RetryTiming.Learned"/> times its retries with it).
/// </summary>
public sealed record PlanningFacts(CaseHistory History, CardBudgetState Card, LearnedTiming? Learned = null);

/// <summary>Planning the next attempt after a decline: the pure <see cref="RetrySchedule"/> decides, the case records it.</summary>
public sealed partial class DunningCase
{
    /// <summary>The card's attempts after this moment count on its budgets at <paramref name="now"/> (the longest budget period).</summary>
    public DateTimeOffset CardBudgetSince(DateTimeOffset now) => now - NetworkRules.LongestPeriod(_policy);

    /// <summary>Plans what comes after the latest decline and schedules the case's retry job for it (consumers and the ops API).</summary>
    public void Plan(PlanningFacts facts, DateTimeOffset? stripeNextAttemptAt, DateTimeOffset now)
    {
        if (PlanNextRun(facts, stripeNextAttemptAt, now) is { } due)
            ScheduleRetryJob(due);
    }

    /// <summary>
    /// Plans what comes after the latest decline: the next attempt, waiting for a new card, or the end (lost). Returns when
    /// the case's retry job should run next (null: never); the retry job itself runs again then, others call <see cref="Plan"/>.
    /// </summary>
    public DateTimeOffset? PlanNextRun(PlanningFacts facts, DateTimeOffset? stripeNextAttemptAt, DateTimeOffset now)
    {
        var history = facts.History;
        var decision = _policy.RetryOwner == RetryOwner.Stripe
            ? StripeOwnedDecision(history, stripeNextAttemptAt)
            : _policy.Timing == RetryTiming.Learned
                ? LearnedSchedule.Next(history, facts.Card, _policy,
                    facts.Learned ?? throw new InvalidOperationException("A policy with learned timing and no RetryPolicy:LearnedModel loaded"),
                    LearnedSchedule.StateOf(history, State.CardBrand, State.AmountMinor, State.Currency), now)
                : RetrySchedule.Next(history, facts.Card, _policy, now);
        if (decision.HeldAt is { } heldAt)
            NoteHeld(facts.Card, heldAt, (decision as RetryAt)?.At);
        switch (decision)
        {
            case RetryAt next:
                State = State with { NextAttemptAt = next.At, NextAttemptRule = next.Rule };
                var c = State;
                var cancels = next.IsFinalAttempt && FinalActionCancels;
                Note(now, TimelineKind.Scheduled, next.Rule, $"attempt {next.AttemptNumber} at {next.At:u}: {next.Reason}",
                    announce: entryId => new RetryScheduled($"{c.Id}:scheduled:{entryId}", c.Id, c.InvoiceId, c.CustomerId,
                        next.AttemptNumber, next.At, next.IsFinalAttempt, next.Rule, now, cancels, WindowEnd));
                return _policy.RetryOwner == RetryOwner.Stripe ? history.FirstFailedAt + _policy.Window : next.At;
            case StopRetrying { Why: StopReason.AwaitingNewCard } wait:
                State = State with { NextAttemptAt = null, NextAttemptRule = wait.Rule };
                Note(now, TimelineKind.AwaitingNewCard, wait.Rule, wait.Reason);
                return WantsBackupCard(now) ? now : wait.WaitUntil; // the retry job tries the customer's other cards first
            case StopRetrying stop:
                Note(now, TimelineKind.Stopped, stop.Rule, stop.Reason);
                CloseLost(LossReason.RetriesExhausted, finalAction: true, now);
                return null;
            default:
                throw new InvalidOperationException($"Unknown decision {decision}");
        }
    }

    /// <summary>Stripe drives the retries: we follow its next attempt; without one, a hard decline waits for a new card and a soft one is over.</summary>
    private ScheduleDecision StripeOwnedDecision(CaseHistory history, DateTimeOffset? stripeNext)
    {
        var rule = DeclineRules.Match(history.Last?.Decline ?? DeclineDetails.None);
        var windowEnd = history.FirstFailedAt + _policy.Window;
        if (stripeNext is { } at)
            return new RetryAt(at, history.Attempts.Count(a => a.Source == AttemptSource.Stripe), false, "stripe_smart_retries",
                "Stripe's next_payment_attempt");
        return rule.Action.IsHard
            ? new StopRetrying(StopReason.AwaitingNewCard, windowEnd, rule.Name, "Stripe stopped on a hard decline: waiting for a new payment method")
            : new StopRetrying(StopReason.RetriesExhausted, null, "stripe_smart_retries", "Stripe scheduled no further attempt");
    }
}
