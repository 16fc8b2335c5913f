namespace Dunning.Contracts;

/// <summary>The scheduler planned the next attempt for a dunning case.</summary>
/// <param name="Rule">The policy rule that decided the time, for the timeline.</param>
public record RetryScheduled(
    string SourceEventId,
    Guid CaseId,
    string InvoiceId,
    string CustomerId,
    int AttemptNumber,
    DateTimeOffset ScheduledFor,
    bool IsFinalAttempt,
    string Rule,
    DateTimeOffset OccurredAt) : IDunningMessage;
