namespace Dunning.Contracts;

/// <summary>A customer has a new (default) payment method.</summary>
public record PaymentMethodUpdated(
    string SourceEventId,
    string CustomerId,
    string PaymentMethodId,
    string? CardBrand,
    string? CardFingerprint,
    DateTimeOffset OccurredAt) : IDunningMessage;
