namespace Dunning.Metrics.Domain;

/// <summary>One UTC day: failed, recovered and lost that day (amounts in minor units) and that day's recovery rate.</summary>
public sealed record TimeSeriesDay(DateOnly Day, long FailedCount, long FailedAmountMinor, long RecoveredCount, long RecoveredAmountMinor,
    long LostCount, long LostAmountMinor)
{
    public decimal? RecoveryRateByAmount => Rate.Of(RecoveredAmountMinor, RecoveredAmountMinor + LostAmountMinor);
}

public sealed record TimeSeriesReport(string Currency, DateOnly From, DateOnly To, string Mode, IReadOnlyList<TimeSeriesDay> Rows);
