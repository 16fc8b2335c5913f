namespace Dunning.Contracts;

/// <summary>An invoice was paid (Stripe <c>invoice.paid</c> / <c>invoice.payment_succeeded</c>).</summary>
/// <remarks>Whether it was paid outside Stripe is not in Stripe's events (<c>paid_out_of_band</c> left the invoice in API
/// 2025-03-31.basil; <c>amount_paid_off_stripe</c> is never in event payloads): the scheduler asks Stripe when it matters.</remarks>
public record PaymentSucceeded(
    string SourceEventId,
    string InvoiceId,
    string CustomerId,
    string? SubscriptionId,
    long AmountMinor,
    string Currency,
    string? PaymentMethodId,
    DateTimeOffset OccurredAt) : IDunningMessage;
