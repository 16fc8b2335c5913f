namespace Dunning.Contracts;

/// <summary>An invoice was paid (Stripe <c>invoice.paid</c> / <c>invoice.payment_succeeded</c>).</summary>
/// <param name="PaidOutOfBand">True when the invoice was marked paid outside Stripe.</param>
public record PaymentSucceeded(
    string SourceEventId,
    string InvoiceId,
    string CustomerId,
    string? SubscriptionId,
    long AmountMinor,
    string Currency,
    bool PaidOutOfBand,
    string? PaymentMethodId,
    DateTimeOffset OccurredAt) : IDunningMessage;
