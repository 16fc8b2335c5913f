namespace Dunning.Contracts;

/// <summary>A payment for an invoice failed (Stripe <c>invoice.payment_failed</c>).</summary>
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
    DateTimeOffset OccurredAt) : IDunningMessage;
