namespace Dunning.Contracts;

/// <summary>A dunning case closed as recovered.</summary>
/// <param name="Experiment">The experiment arm the case ran in; null outside an experiment (and from versions before experiments).</param>
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
    DateTimeOffset RecoveredAt,
    ExperimentArm? Experiment = null) : IDunningMessage;
