namespace Dunning.Metrics.Domain;

/// <summary>Cases and their amount (minor units of the report's currency).</summary>
public sealed record Money(long Count, long AmountMinor)
{
    public static Money Zero { get; } = new(0, 0);
}

/// <summary>DUNNING-RULES §5 for one currency, range and mode (live, test or all). Time to recover counts each case's duration in whole hours.</summary>
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
    double? TimeToRecoverP90Hours);
