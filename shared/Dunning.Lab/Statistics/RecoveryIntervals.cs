using Dunning.Lab.History;

namespace Dunning.Lab.Statistics;

/// <summary>Recovered count, amount and rate over a set of failures, each with its bootstrap interval (<see cref="BootstrapInterval"/>).</summary>
public sealed record RecoveryIntervals(int Failures, Interval Recovered, Interval RecoveredAmountMinor, Interval Rate)
{
    /// <summary>What did happen to these failures.</summary>
    public static RecoveryIntervals Of(IReadOnlyList<FailedInvoice> failures, int seed, int resamples = BootstrapInterval.DefaultResamples) =>
        Of(failures.Select(f => f.Outcome.Recovered ? 1.0 : 0.0).ToList(), failures.Select(f => (double)f.Outcome.RecoveredAmountMinor).ToList(),
            seed, resamples);

    /// <summary>
    /// From one value per failure: <paramref name="recovered"/> is 1 or 0 when observed, or a predicted probability in a backtest;
    /// <paramref name="recoveredAmountMinor"/> the amount recovered, or its expectation.
    /// </summary>
    public static RecoveryIntervals Of(IReadOnlyList<double> recovered, IReadOnlyList<double> recoveredAmountMinor, int seed,
        int resamples = BootstrapInterval.DefaultResamples)
    {
        var sums = BootstrapInterval.OfSums([recovered, recoveredAmountMinor], seed, resamples);
        var rate = recovered.Count == 0 ? new Interval(0, 0, 0) : BootstrapInterval.Divide(sums[0], recovered.Count);
        return new RecoveryIntervals(recovered.Count, sums[0], sums[1], rate);
    }
}
