namespace Dunning.Contracts;

/// <summary>The scheduler planned the next attempt for a dunning case.</summary>
/// <param name="Rule">The policy rule that decided the time, for the timeline.</param>
/// <param name="CancelsSubscription">The final attempt's failure will cancel the subscription (the policy's final action), so
/// the final notice can say so; false when the subscription stays past due or the invoice is marked uncollectible.</param>
/// <param name="DunningEndsAt">When the case's window ends, in the case's own time: the latest it stays open unless a new card's
/// retry is still due (the customer's grace period). Null from a scheduler older than this field.</param>
public record RetryScheduled(
    string SourceEventId,
    Guid CaseId,
    string InvoiceId,
    string CustomerId,
    int AttemptNumber,
    DateTimeOffset ScheduledFor,
    bool IsFinalAttempt,
    string Rule,
    DateTimeOffset OccurredAt,
    bool CancelsSubscription = false,
    DateTimeOffset? DunningEndsAt = null) : IDunningMessage;
