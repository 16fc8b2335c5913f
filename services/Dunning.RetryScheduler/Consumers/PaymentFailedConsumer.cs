using Dunning.Contracts;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Inbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Dunning.RetryScheduler.Domain;
using Dunning.RetryScheduler.Jobs;
using Npgsql;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>Opens the invoice's case on its first failure (or records Stripe's further attempt), then plans the next attempt.</summary>
public sealed class PaymentFailedConsumer(ConsumerServices services, CaseStore cases, CaseTimeline timeline, SettledInvoices settled,
    CaseLifecycle lifecycle, CaseClock clock, DueJobStore jobs) : IdempotentConsumer<PaymentFailed>(services)
{
    protected override async Task HandleAsync(PaymentFailed message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // An event on a test clock is dated in the clock's time: the clock has reached it (Stripe made the attempt then).
        if (message.TestClockId is { } testClock)
            await jobs.AdvanceClockAsync(transaction, testClock, message.OccurredAt, cancellationToken);
        var existing = await cases.FindByInvoiceAsync(transaction, message.InvoiceId, cancellationToken);
        if (existing is not null && IsEchoOfOurPayCall(existing, message))
            return; // already recorded (and planned after) by the pay call itself: counting it again would halve the card's budget
        var c = existing ?? Open(message);
        if (existing is null)
            await cases.InsertAsync(transaction, c, cancellationToken);
        else if (existing.IsOpen)
            c = existing with
            {
                CardFingerprint = message.Decline.CardFingerprint ?? existing.CardFingerprint,
                CardBrand = message.Decline.CardBrand ?? existing.CardBrand,
                PaymentMethodId = message.Decline.PaymentMethodId ?? existing.PaymentMethodId,
            };

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
    /// Stripe emits <c>invoice.payment_failed</c> for every failed attempt, ours through <c>pay</c> included. The event names
    /// the request that caused it (<c>request.idempotency_key</c>), and our pay calls' keys start with the case's id. Any other
    /// failure (e.g. the customer's own attempt on the hosted page) counts. <c>attempt_count</c> cannot tell them apart:
    /// Stripe counts only the first attempt and its own automatic retries, never a manual attempt after the first.
    /// </summary>
    public static bool IsEchoOfOurPayCall(DunningCase c, PaymentFailed message) =>
        message.RequestIdempotencyKey?.StartsWith(PayCallKeys.PrefixOf(c.Id), StringComparison.Ordinal) == true;

    /// <summary>The invoice was settled before this failure arrived (out-of-order events): close at once, never reopen.</summary>
    private async Task CloseAsSettledAsync(NpgsqlTransaction transaction, DunningCase c, string outcome, CancellationToken cancellationToken)
    {
        if (outcome == nameof(RecoveryMethod.CustomerPaid))
            await lifecycle.AwaitPaymentOriginAsync(transaction, c, cancellationToken);
        else if (Enum.TryParse<RecoveryMethod>(outcome, out var method))
            await lifecycle.CloseRecoveredAsync(transaction, c, method, cancellationToken);
        else
            await lifecycle.CloseLostAsync(transaction, c, Enum.Parse<LossReason>(outcome), finalAction: false, cancellationToken);
    }

    /// <summary>
    /// A case on a test clock starts at the failure's clock time. On wall time, a failure dated later than its receipt (clock
    /// skew between Stripe and this host) is planned from its receipt, so no rule measures from a moment that has not come.
    /// </summary>
    private DunningCase Open(PaymentFailed m)
    {
        var wallNow = clock.WallNow;
        var failedAt = m.TestClockId is null && m.OccurredAt > wallNow ? wallNow : m.OccurredAt;
        return new(
            Guid.CreateVersion7(), m.InvoiceId, m.CustomerId, m.SubscriptionId, m.AmountMinor, m.Currency, m.Decline.CardFingerprint, m.Decline.CardBrand,
            TimeZone: null, CaseStatus.Open, Attempts: 0, PayCalls: 0, NextAttemptAt: null, NextAttemptRule: null, NewCardPending: false,
            LastPayCallAt: null, Paused: false, FailedAt: failedAt, OpenedAt: m.TestClockId is null ? wallNow : m.OccurredAt, ClosedAt: null, Outcome: null,
            PaymentMethodId: m.Decline.PaymentMethodId, ClockId: m.TestClockId);
    }
}
