namespace Dunning.Metrics.Domain;

/// <summary>
/// One key of a breakdown of every case (by first decline code, card brand or cohort): failed in the range (by failure day),
/// recovered and lost in the range (by close day), and the recovery rate of that key's closed cases.
/// </summary>
public sealed record BreakdownRow(string Key, long FailedCount, long FailedAmountMinor, long RecoveredCount, long RecoveredAmountMinor,
    long LostCount, long LostAmountMinor)
{
    public decimal? RecoveryRateByAmount => Rate.Of(RecoveredAmountMinor, RecoveredAmountMinor + LostAmountMinor);
    public decimal? RecoveryRateByCount => Rate.Of(RecoveredCount, RecoveredCount + LostCount);
}

/// <summary>One key of a breakdown of the recoveries in the range (by method or by the attempt that recovered) and its share of them.</summary>
public sealed record RecoveredShareRow(string Key, long RecoveredCount, long RecoveredAmountMinor, decimal? ShareByCount, decimal? ShareByAmount);

/// <summary>One key of a breakdown of the losses in the range (by reason) and its share of them.</summary>
public sealed record LostShareRow(string Key, long LostCount, long LostAmountMinor, decimal? ShareByCount, decimal? ShareByAmount);

/// <summary>
/// A breakdown for one currency, range and mode. Its rows are <see cref="BreakdownRow"/>s for keys every case has, and share rows
/// for keys only a recovery (<c>method</c>, <c>attempt</c>) or a loss (<c>reason</c>) has: a failed or lost column there would always read 0.
/// </summary>
public sealed record BreakdownReport(string Currency, DateOnly From, DateOnly To, string Mode, string By, IReadOnlyList<object> Rows)
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

    /// <summary>The dimensions only one outcome has, and that outcome.</summary>
    public static IReadOnlyDictionary<string, string> OneOutcomeDimensions { get; } = new Dictionary<string, string>
    {
        ["attempt"] = "recovered",
        ["method"] = "recovered",
        ["reason"] = "lost",
    };

    /// <summary>The rows of a breakdown by <paramref name="by"/> from its full rows (failed, recovered, lost per key).</summary>
    public static IReadOnlyList<object> RowsFor(string by, IReadOnlyList<BreakdownRow> rows)
    {
        if (!OneOutcomeDimensions.TryGetValue(by, out var outcome)) return rows;
        if (outcome == "lost")
        {
            long count = rows.Sum(r => r.LostCount), amount = rows.Sum(r => r.LostAmountMinor);
            return rows.Where(r => r.LostCount != 0)
                .Select(r => new LostShareRow(r.Key, r.LostCount, r.LostAmountMinor, Rate.Of(r.LostCount, count), Rate.Of(r.LostAmountMinor, amount)))
                .ToList();
        }
        long recoveredCount = rows.Sum(r => r.RecoveredCount), recoveredAmount = rows.Sum(r => r.RecoveredAmountMinor);
        return rows.Where(r => r.RecoveredCount != 0)
            .Select(r => new RecoveredShareRow(r.Key, r.RecoveredCount, r.RecoveredAmountMinor, Rate.Of(r.RecoveredCount, recoveredCount),
                Rate.Of(r.RecoveredAmountMinor, recoveredAmount)))
            .ToList();
    }
}
