namespace Dunning.RetryScheduler.Data;

public enum CaseStatus
{
    Open,
    Recovered,
    Lost,
}

/// <summary>A row of <c>scheduler.cases</c>.</summary>
public sealed record DunningCase(
    Guid Id,
    string InvoiceId,
    string CustomerId,
    string? SubscriptionId,
    long AmountMinor,
    string Currency,
    string? CardFingerprint,
    string? CardBrand,
    string? TimeZone,
    CaseStatus Status,
    int Attempts,
    int PayCalls,
    DateTimeOffset? NextAttemptAt,
    string? NextAttemptRule,
    bool NewCardPending,
    DateTimeOffset? LastPayCallAt,
    bool Paused,
    DateTimeOffset FailedAt,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    string? Outcome)
{
    public bool IsOpen => Status == CaseStatus.Open;
}
