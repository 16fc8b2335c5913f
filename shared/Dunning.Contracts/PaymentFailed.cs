namespace Dunning.Contracts;

/// <summary>A payment for an invoice failed (Stripe <c>invoice.payment_failed</c>).</summary>
/// <param name="RequestIdempotencyKey">
/// The idempotency key of the API request that caused the event (Stripe's <c>event.request.idempotency_key</c>): how the
/// scheduler recognises the echo of its own pay call. <c>attempt_count</c> cannot tell: Stripe does not count manual attempts
/// after the first.
/// </param>
/// <param name="Livemode">Stripe's <c>livemode</c>: test-mode failures never mix into live figures.</param>
/// <param name="TestClockId">The Stripe test clock the invoice runs on (<c>invoice.test_clock</c>): its case runs on that clock's time.</param>
public record PaymentFailed(
    string SourceEventId,
    string InvoiceId,
    string CustomerId,
    string? SubscriptionId,
    string? CustomerEmail,
    long AmountMinor,
    string Currency,
    int StripeAttemptCount,
    DeclineDetails Decline,
    string? HostedInvoiceUrl,
    DateTimeOffset? StripeNextAttemptAt,
    DateTimeOffset OccurredAt,
    string? RequestIdempotencyKey = null,
    bool Livemode = true,
    string? TestClockId = null) : IDunningMessage;
