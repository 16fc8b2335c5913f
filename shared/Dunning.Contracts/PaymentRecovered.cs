namespace Dunning.Contracts;

/// <summary>A dunning case closed as recovered.</summary>
public record PaymentRecovered(
    string SourceEventId,
    Guid CaseId,
    string InvoiceId,
    string CustomerId,
    string? SubscriptionId,
    long AmountMinor,
    string Currency,
    RecoveryMethod Method,
    int AttemptNumber,
    DateTimeOffset FailedAt,
    DateTimeOffset RecoveredAt) : IDunningMessage;
