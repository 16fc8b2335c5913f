namespace Dunning.Contracts;

/// <summary>A dunning case closed as lost.</summary>
/// <param name="CancelsSubscription">Our final action is cancelling the subscription (Stripe then reports it canceled); false
/// when it stays past due or only the invoice is marked uncollectible, so the customer is not told it was canceled.</param>
/// <param name="Experiment">The experiment arm the case ran in; null outside an experiment (and from versions before experiments).</param>
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
    DateTimeOffset LostAt,
    bool CancelsSubscription = false,
    ExperimentArm? Experiment = null) : IDunningMessage;
