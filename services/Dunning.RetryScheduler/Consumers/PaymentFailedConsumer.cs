using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Dunning.RetryScheduler.Domain;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>Opens the invoice's case on its first failure (or records Stripe's further attempt), then plans the next attempt.</summary>
public sealed class PaymentFailedConsumer(ConsumerServices services, CaseStore cases, CaseTimeline timeline, SettledInvoices settled,
    CaseLifecycle lifecycle, IOptionsMonitor<RetryPolicyOptions> policy, TimeProvider clock) : IdempotentConsumer<PaymentFailed>(services)
{
    protected override async Task HandleAsync(PaymentFailed message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var existing = await cases.FindByInvoiceAsync(transaction, message.InvoiceId, cancellationToken);
        if (existing is { IsOpen: true } && IsEchoOfOurPayCall(existing, message))
            return; // already recorded (and planned after) by the pay call itself: counting it again would halve the card's budget
        var c = existing ?? Open(message);
        if (existing is null)
            await cases.InsertAsync(transaction, c, cancellationToken);
        else if (existing.IsOpen)
            c = existing with { CardFingerprint = message.Decline.CardFingerprint ?? existing.CardFingerprint, CardBrand = message.Decline.CardBrand ?? existing.CardBrand };

        await timeline.AttemptAsync(transaction, c, message.OccurredAt, AttemptSource.Stripe, message.Decline, $"Stripe attempt {message.StripeAttemptCount}", cancellationToken);
        if (!c.IsOpen)
            return; // a late or repeated failure never reopens a closed case; its attempt still counts on the card's budget

        if (existing is null && await settled.FindAsync(transaction, message.InvoiceId, cancellationToken) is { } outcome)
        {
            await CloseAsSettledAsync(transaction, c, outcome, cancellationToken);
            return;
        }
        await cases.UpdateAsync(transaction, c, cancellationToken);
        await lifecycle.PlanAndScheduleAsync(transaction, c, message.StripeNextAttemptAt, cancellationToken);
    }

    /// <summary>
    /// Stripe emits <c>invoice.payment_failed</c> for every failed attempt, ours through <c>pay</c> included (attempt_count
    /// counts them all). While Dunning owns retries Stripe makes none of its own, so attempts up to the first failure plus
    /// our pay calls are ours; a higher count is someone else's attempt (e.g. the customer on the hosted page) and counts.
    /// </summary>
    private bool IsEchoOfOurPayCall(DunningCase c, PaymentFailed message) =>
        policy.CurrentValue.RetryOwner == RetryOwner.Dunning && c.PayCalls > 0 && message.StripeAttemptCount <= 1 + c.PayCalls;

    /// <summary>The invoice was settled before this failure arrived (out-of-order events): close at once, never reopen.</summary>
    private async Task CloseAsSettledAsync(NpgsqlTransaction transaction, DunningCase c, string outcome, CancellationToken cancellationToken)
    {
        if (Enum.TryParse<RecoveryMethod>(outcome, out var method))
            await lifecycle.CloseRecoveredAsync(transaction, c, method, cancellationToken);
        else
            await lifecycle.CloseLostAsync(transaction, c, Enum.Parse<LossReason>(outcome), finalAction: false, cancellationToken);
    }

    private DunningCase Open(PaymentFailed m) => new(
        Guid.CreateVersion7(), m.InvoiceId, m.CustomerId, m.SubscriptionId, m.AmountMinor, m.Currency, m.Decline.CardFingerprint, m.Decline.CardBrand,
        TimeZone: null, CaseStatus.Open, Attempts: 0, PayCalls: 0, NextAttemptAt: null, NextAttemptRule: null, NewCardPending: false,
        LastPayCallAt: null, Paused: false, FailedAt: m.OccurredAt, OpenedAt: clock.GetUtcNow(), ClosedAt: null, Outcome: null);
}
