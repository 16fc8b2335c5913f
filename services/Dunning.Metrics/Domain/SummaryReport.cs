namespace Dunning.Metrics.Domain;

/// <summary>Cases and their amount (minor units of the report's currency).</summary>
public sealed record Money(long Count, long AmountMinor)
{
    public static Money Zero { get; } = new(0, 0);
}

/// <summary>What became of the cases that failed in the range, as of now.</summary>
public sealed record CaseOutcomes(Money Recovered, Money Lost, Money Open);

/// <summary>
/// DUNNING-RULES §5 for one currency, range and mode (live or test). The recovery rate is of the cases closed in the range
/// (recovered ÷ (recovered + lost), <see cref="Closed"/>); the open share says how much of what failed in the range is still open
/// now (<see cref="FailedInRangeOutcome"/>), and <see cref="OpenAtEnd"/> every case open at the range's end, whenever it failed.
/// Time to recover counts each case's duration in whole hours. Beside recovered revenue, pre-dunning's counts in every currency
/// (<see cref="ExpiringCardFigures"/>): <see cref="ExpiringCardRemindersSent"/> by the day sent, <see cref="FailuresPrevented"/> by the renewal's day.
/// </summary>
public sealed record SummaryReport(
    string Currency,
    DateOnly From,
    DateOnly To,
    string Mode,
    Money Failed,
    Money Recovered,
    IReadOnlyDictionary<string, Money> RecoveredByMethod,
    Money Lost,
    IReadOnlyDictionary<string, Money> LostByReason,
    Money OpenAtEnd,
    decimal? RecoveryRateByAmount,
    decimal? RecoveryRateByCount,
    double? TimeToRecoverMedianHours,
    double? TimeToRecoverP90Hours,
    Money Closed,
    CaseOutcomes FailedInRangeOutcome,
    decimal? OpenShareByAmount,
    decimal? OpenShareByCount,
    long ExpiringCardRemindersSent,
    long FailuresPrevented);
