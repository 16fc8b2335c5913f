namespace Dunning.Contracts;

/// <summary>The scheduler asked Stripe to pay an invoice again.</summary>
public record RetryAttempted(
    string SourceEventId,
    Guid CaseId,
    string InvoiceId,
    string CustomerId,
    int AttemptNumber,
    bool Succeeded,
    DeclineDetails Decline,
    DateTimeOffset OccurredAt) : IDunningMessage;
