using MathNet.Numerics.Random;
using MathNet.Numerics.Statistics;

namespace Dunning.Lab.Statistics;

/// <summary>
/// Percentile bootstrap intervals over failures (Efron &amp; Tibshirani 1993, An Introduction to the Bootstrap, ch. 13): the
/// failures are resampled with replacement, the statistic recomputed on each resample, and its 2.5th and 97.5th percentiles
/// taken. No distribution is assumed, which suits recovered amounts (a few large invoices dominate them). Seeded, so a report
/// run twice on the same history prints the same interval.
/// </summary>
public static class BootstrapInterval
{
    public const int DefaultResamples = 2000;

    /// <summary>
    /// Intervals for the sum of each column (one value per failure, every column as long), all from the same resamples so that
    /// related figures (recovered count and amount) come from the same draws.
    /// </summary>
    public static Interval[] OfSums(IReadOnlyList<IReadOnlyList<double>> columns, int seed, int resamples = DefaultResamples, double level = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 100);
        if (level is not (> 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(level), "a confidence level between 0 and 1");
        var n = columns.Count == 0 ? 0 : columns[0].Count;
        if (columns.Any(column => column.Count != n))
            throw new ArgumentException("Every column has one value per failure", nameof(columns));
        if (n == 0)
            return columns.Select(_ => new Interval(0, 0, 0)).ToArray();

        var random = new Xoshiro256StarStar(seed);
        var sums = columns.Select(_ => new double[resamples]).ToArray();
        for (var r = 0; r < resamples; r++)
            for (var i = 0; i < n; i++)
            {
                var pick = random.Next(n);
                for (var c = 0; c < columns.Count; c++)
                    sums[c][r] += columns[c][pick];
            }

        var tail = (1 - level) / 2;
        return columns.Select((column, c) =>
        {
            Array.Sort(sums[c]);
            return new Interval(column.Sum(), SortedArrayStatistics.Quantile(sums[c], tail), SortedArrayStatistics.Quantile(sums[c], 1 - tail));
        }).ToArray();
    }

    public static Interval OfSum(IReadOnlyList<double> values, int seed, int resamples = DefaultResamples, double level = 0.95) =>
        OfSums([values], seed, resamples, level)[0];

    public static Interval OfMean(IReadOnlyList<double> values, int seed, int resamples = DefaultResamples, double level = 0.95) =>
        values.Count == 0 ? new Interval(0, 0, 0) : Divide(OfSum(values, seed, resamples, level), values.Count);

    /// <summary>A sum's interval as a mean's. Divided, not multiplied by 1/n: 105/300 is 0.35 exactly, 105·(1/300) is not.</summary>
    internal static Interval Divide(Interval sum, double n) => new(sum.Estimate / n, sum.Lower / n, sum.Upper / n);
}
