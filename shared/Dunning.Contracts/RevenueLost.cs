namespace Dunning.Contracts;

/// <summary>A dunning case closed as lost.</summary>
public record RevenueLost(
    string SourceEventId,
    Guid CaseId,
    string InvoiceId,
    string CustomerId,
    string? SubscriptionId,
    long AmountMinor,
    string Currency,
    LossReason Reason,
    DateTimeOffset FailedAt,
    DateTimeOffset LostAt) : IDunningMessage;
