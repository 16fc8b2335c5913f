namespace Dunning.Metrics.Domain;

/// <summary>
/// One step of the attempt funnel of the cases that failed in the range: those that reached pay call <see cref="Attempt"/>
/// (0: before any retry of ours), and of them those recovered, lost, or still open with no further pay call yet.
/// Conversion is recovered at this step ÷ reached it; cumulative recovery is recovered at this step or before ÷ every case.
/// </summary>
public sealed record FunnelStep(int Attempt, long ReachedCount, long ReachedAmountMinor, long RecoveredCount, long RecoveredAmountMinor,
    long LostCount, long LostAmountMinor, long OpenCount, long OpenAmountMinor, decimal? ConversionByCount, decimal? ConversionByAmount,
    decimal? CumulativeRecoveryByCount, decimal? CumulativeRecoveryByAmount);

/// <summary>The attempt funnel for one currency, range (the days the cases failed) and mode, outcomes as of now.</summary>
public sealed record FunnelReport(string Currency, DateOnly From, DateOnly To, string Mode, Money Cases, IReadOnlyList<FunnelStep> Rows);

/// <summary>How far each case got: the pay calls it reached, its outcome now, and how many cases and how much money.</summary>
public sealed record FunnelCell(int Stage, string Outcome, long Count, long AmountMinor);

/// <summary>Builds the funnel from the cases' final stages: a case that stopped at stage k reached every stage up to k.</summary>
public static class AttemptFunnel
{
    public static IReadOnlyList<FunnelStep> Steps(IReadOnlyList<FunnelCell> cells)
    {
        if (cells.Count == 0) return [];
        long allCount = cells.Sum(c => c.Count), allAmount = cells.Sum(c => c.AmountMinor);
        long recoveredSoFar = 0, recoveredAmountSoFar = 0;
        var steps = new List<FunnelStep>();
        for (var stage = 0; stage <= cells.Max(c => c.Stage); stage++)
        {
            var reached = cells.Where(c => c.Stage >= stage).ToList();
            var at = cells.Where(c => c.Stage == stage).ToList();
            var (recovered, recoveredAmount) = Sum(at, "recovered");
            var (lost, lostAmount) = Sum(at, "lost");
            var (open, openAmount) = Sum(at, "open");
            long reachedCount = reached.Sum(c => c.Count), reachedAmount = reached.Sum(c => c.AmountMinor);
            recoveredSoFar += recovered;
            recoveredAmountSoFar += recoveredAmount;
            steps.Add(new FunnelStep(stage, reachedCount, reachedAmount, recovered, recoveredAmount, lost, lostAmount, open, openAmount,
                Rate.Of(recovered, reachedCount), Rate.Of(recoveredAmount, reachedAmount),
                Rate.Of(recoveredSoFar, allCount), Rate.Of(recoveredAmountSoFar, allAmount)));
        }
        return steps;
    }

    /// <summary>The cases of the cells by outcome now: recovered, lost and open.</summary>
    public static (Money Recovered, Money Lost, Money Open) Outcomes(IReadOnlyList<FunnelCell> cells)
    {
        Money Of(string outcome) =>
            new(cells.Where(c => c.Outcome == outcome).Sum(c => c.Count), cells.Where(c => c.Outcome == outcome).Sum(c => c.AmountMinor));
        return (Of("recovered"), Of("lost"), Of("open"));
    }

    private static (long Count, long AmountMinor) Sum(List<FunnelCell> cells, string outcome) =>
        (cells.Where(c => c.Outcome == outcome).Sum(c => c.Count), cells.Where(c => c.Outcome == outcome).Sum(c => c.AmountMinor));
}
