using Dunning.Contracts;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Outbox;
using Dunning.RetryScheduler.Data;
using Dunning.RetryScheduler.Domain;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dunning.RetryScheduler.Cases;

/// <summary>
/// The effects of a case's decisions, all in the caller's transaction: plan the next attempt (the pure
/// <see cref="RetrySchedule"/> decides), close the case as recovered or lost, and publish what happened through the outbox.
/// </summary>
public sealed class CaseLifecycle(CaseStore cases, CaseTimeline timeline, DueJobStore jobs, OutboxWriter outbox,
    IOptionsMonitor<RetryPolicyOptions> policyMonitor, CaseClock clock)
{
    public RetryPolicyOptions Policy => policyMonitor.CurrentValue;

    /// <summary>Decides what comes after the latest decline. Returns the updated case and when its retry job should run (null: no job).</summary>
    public async Task<(DunningCase Case, DateTimeOffset? JobDueAt)> PlanNextAsync(NpgsqlTransaction transaction, DunningCase c, DateTimeOffset? stripeNextAttemptAt, CancellationToken cancellationToken)
    {
        var policy = Policy;
        var now = await clock.NowAsync(transaction, c, cancellationToken);
        var history = await timeline.HistoryAsync(transaction, c, cancellationToken);
        var card = await timeline.CardBudgetAsync(transaction, c.CardFingerprint, c.CardBrand, now, LongestBudgetPeriod(policy), cancellationToken);
        var decision = policy.RetryOwner == RetryOwner.Stripe
            ? StripeOwnedDecision(history, stripeNextAttemptAt, policy)
            : RetrySchedule.Next(history, card, policy, now);

        switch (decision)
        {
            case RetryAt next:
                c = c with { NextAttemptAt = next.At, NextAttemptRule = next.Rule };
                await cases.UpdateAsync(transaction, c, cancellationToken);
                var eventId = await timeline.NoteAsync(transaction, c.Id, now, "scheduled", next.Rule, $"attempt {next.AttemptNumber} at {next.At:u}: {next.Reason}", cancellationToken);
                await outbox.AddAsync(transaction, new RetryScheduled($"{c.Id}:scheduled:{eventId}", c.Id, c.InvoiceId, c.CustomerId,
                    next.AttemptNumber, next.At, next.IsFinalAttempt, next.Rule, now, next.IsFinalAttempt && FinalActionCancels(policy, c)), cancellationToken);
                return (c, policy.RetryOwner == RetryOwner.Stripe ? history.FirstFailedAt + policy.Window : next.At);
            case StopRetrying { Why: StopReason.AwaitingNewCard } wait:
                c = c with { NextAttemptAt = null, NextAttemptRule = wait.Rule };
                await cases.UpdateAsync(transaction, c, cancellationToken);
                await timeline.NoteAsync(transaction, c.Id, now, "awaiting_new_card", wait.Rule, wait.Reason, cancellationToken);
                return (c, wait.WaitUntil);
            case StopRetrying stop:
                await timeline.NoteAsync(transaction, c.Id, now, "stopped", stop.Rule, stop.Reason, cancellationToken);
                return (await CloseLostAsync(transaction, c, LossReason.RetriesExhausted, finalAction: true, cancellationToken), null);
            default:
                throw new InvalidOperationException($"Unknown decision {decision}");
        }
    }

    /// <summary>Plans the next attempt and (re)schedules the case's retry job: for consumers and the ops API.</summary>
    public async Task<DunningCase> PlanAndScheduleAsync(NpgsqlTransaction transaction, DunningCase c, DateTimeOffset? stripeNextAttemptAt, CancellationToken cancellationToken)
    {
        var (planned, due) = await PlanNextAsync(transaction, c, stripeNextAttemptAt, cancellationToken);
        if (due is { } at)
            await jobs.ScheduleAsync(transaction, RetryJob.KeyFor(c.Id), RetryJob.Kind, new RetryJob(c.Id), at, cancellationToken, c.ClockId);
        return planned;
    }

    public async Task<DunningCase> CloseRecoveredAsync(NpgsqlTransaction transaction, DunningCase c, RecoveryMethod method, CancellationToken cancellationToken)
    {
        var now = await clock.NowAsync(transaction, c, cancellationToken);
        c = c with { Status = CaseStatus.Recovered, ClosedAt = now, Outcome = method.ToString(), NextAttemptAt = null, NewCardPending = false };
        await cases.UpdateAsync(transaction, c, cancellationToken);
        await jobs.CancelAsync(transaction, [RetryJob.KeyFor(c.Id)], cancellationToken);
        await timeline.NoteAsync(transaction, c.Id, now, "recovered", null, method.ToString(), cancellationToken);
        await outbox.AddAsync(transaction, new PaymentRecovered($"{c.Id}:recovered", c.Id, c.InvoiceId, c.CustomerId, c.SubscriptionId,
            c.AmountMinor, c.Currency, method, c.PayCalls, c.FailedAt, now), cancellationToken);
        return c;
    }

    /// <summary>
    /// Someone else paid the invoice (the customer on the hosted page, or the business out of band): no more attempts, and the
    /// case closes once Stripe said which (<see cref="Jobs.PaymentOriginJobHandler"/>): Stripe's events do not tell.
    /// </summary>
    public async Task AwaitPaymentOriginAsync(NpgsqlTransaction transaction, DunningCase c, CancellationToken cancellationToken)
    {
        var now = await clock.NowAsync(transaction, c, cancellationToken);
        c = c with { Paused = true, NextAttemptAt = null, NextAttemptRule = "paid_elsewhere", NewCardPending = false };
        await cases.UpdateAsync(transaction, c, cancellationToken);
        await jobs.CancelAsync(transaction, [RetryJob.KeyFor(c.Id)], cancellationToken);
        await timeline.NoteAsync(transaction, c.Id, now, "paid_elsewhere", null, "asking Stripe whether it was paid outside Stripe", cancellationToken);
        await jobs.ScheduleOnceAsync(transaction, PaymentOriginJob.KeyFor(c.Id), PaymentOriginJob.Kind, new PaymentOriginJob(c.Id), now, cancellationToken, c.ClockId);
    }

    /// <summary>Closes the case as lost; with <paramref name="finalAction"/> (we ran out of attempts), queues the configured final action.</summary>
    public async Task<DunningCase> CloseLostAsync(NpgsqlTransaction transaction, DunningCase c, LossReason reason, bool finalAction, CancellationToken cancellationToken)
    {
        var now = await clock.NowAsync(transaction, c, cancellationToken);
        c = c with { Status = CaseStatus.Lost, ClosedAt = now, Outcome = reason.ToString(), NextAttemptAt = null, NewCardPending = false };
        await cases.UpdateAsync(transaction, c, cancellationToken);
        await jobs.CancelAsync(transaction, [RetryJob.KeyFor(c.Id)], cancellationToken);
        await timeline.NoteAsync(transaction, c.Id, now, "lost", null, reason.ToString(), cancellationToken);
        var policy = Policy;
        await outbox.AddAsync(transaction, new RevenueLost($"{c.Id}:lost", c.Id, c.InvoiceId, c.CustomerId, c.SubscriptionId,
            c.AmountMinor, c.Currency, reason, c.FailedAt, now, finalAction && FinalActionCancels(policy, c)), cancellationToken);
        if (finalAction && policy.RetryOwner == RetryOwner.Dunning && policy.FinalAction != FinalAction.LeavePastDue)
            await jobs.ScheduleOnceAsync(transaction, FinalActionJob.KeyFor(c.Id), FinalActionJob.Kind,
                new FinalActionJob(c.Id, c.InvoiceId, c.SubscriptionId, policy.FinalAction), now, cancellationToken, c.ClockId);
        return c;
    }

    /// <summary>Our final action cancels the case's subscription (with Stripe owning the retries, Stripe's own settings decide).</summary>
    private static bool FinalActionCancels(RetryPolicyOptions policy, DunningCase c) =>
        policy is { RetryOwner: RetryOwner.Dunning, FinalAction: FinalAction.CancelSubscription } && c.SubscriptionId is not null;

    public static TimeSpan LongestBudgetPeriod(RetryPolicyOptions policy) => policy.Visa.Period > policy.Mastercard.Period ? policy.Visa.Period : policy.Mastercard.Period;

    /// <summary>Stripe drives the retries: we follow its next attempt; without one, a hard decline waits for a new card and a soft one is over.</summary>
    private static ScheduleDecision StripeOwnedDecision(CaseHistory history, DateTimeOffset? stripeNext, RetryPolicyOptions policy)
    {
        var rule = DeclineRules.Match(history.Last?.Decline ?? DeclineDetails.None);
        var windowEnd = history.FirstFailedAt + policy.Window;
        if (stripeNext is { } at)
            return new RetryAt(at, history.Attempts.Count(a => a.Source == AttemptSource.Stripe), false, "stripe_smart_retries", "Stripe's next_payment_attempt");
        return rule.Action.IsHard
            ? new StopRetrying(StopReason.AwaitingNewCard, windowEnd, rule.Name, "Stripe stopped on a hard decline: waiting for a new payment method")
            : new StopRetrying(StopReason.RetriesExhausted, null, "stripe_smart_retries", "Stripe scheduled no further attempt");
    }
}
