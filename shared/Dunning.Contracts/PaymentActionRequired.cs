namespace Dunning.Contracts;

/// <summary>The customer must authenticate the payment (3-D Secure).</summary>
public record PaymentActionRequired(
    string SourceEventId,
    string InvoiceId,
    string CustomerId,
    string? SubscriptionId,
    string? CustomerEmail,
    long AmountMinor,
    string Currency,
    string? HostedInvoiceUrl,
    DateTimeOffset OccurredAt) : IDunningMessage;
