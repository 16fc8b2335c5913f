namespace Dunning.Metrics.Domain;

/// <summary>One key of a breakdown: failed, recovered and lost in the range, and the recovery rate of that key.</summary>
public sealed record BreakdownRow(string Key, long FailedCount, long FailedAmountMinor, long RecoveredCount, long RecoveredAmountMinor,
    long LostCount, long LostAmountMinor)
{
    public decimal? RecoveryRateByAmount => Rate.Of(RecoveredAmountMinor, RecoveredAmountMinor + LostAmountMinor);
    public decimal? RecoveryRateByCount => Rate.Of(RecoveredCount, RecoveredCount + LostCount);
}

public sealed record BreakdownReport(string Currency, DateOnly From, DateOnly To, string Mode, string By, IReadOnlyList<BreakdownRow> Rows)
{
    /// <summary>Dimensions of the rollup a breakdown may use (query value → rollup dimension).</summary>
    public static IReadOnlyDictionary<string, string> Dimensions { get; } = new Dictionary<string, string>
    {
        ["decline_code"] = "decline_code",
        ["attempt"] = "attempt",
        ["card_brand"] = "card_brand",
        ["cohort"] = "cohort",
        ["method"] = "method",
        ["reason"] = "reason",
    };
}
