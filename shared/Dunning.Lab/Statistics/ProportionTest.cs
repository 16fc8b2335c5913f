using MathNet.Numerics.Distributions;

namespace Dunning.Lab.Statistics;

/// <summary>Arm 1's rate minus arm 2's, its interval, and the p-value of "no difference".</summary>
public sealed record ProportionComparison(Interval Difference, double Z, double PValue);

/// <summary>Compares two arms' recovery rates.</summary>
public static class ProportionTest
{
    /// <summary>
    /// The difference p1 − p2 with Newcombe's hybrid score interval (Newcombe 1998b, method 10, built from each arm's Wilson
    /// limits: good coverage where the Wald interval undercovers), and the two-sided p-value of the pooled two-proportion z-test
    /// (the same as Pearson's chi-square test of the 2×2 table without continuity correction).
    /// </summary>
    public static ProportionComparison Compare(int successes1, int trials1, int successes2, int trials2, double level = 0.95)
    {
        var (arm1, arm2) = (ProportionInterval.Wilson(successes1, trials1, level), ProportionInterval.Wilson(successes2, trials2, level));
        if (trials1 == 0 || trials2 == 0) return new ProportionComparison(new Interval(0, -1, 1), 0, 1);

        var (p1, p2) = (arm1.Estimate, arm2.Estimate);
        var difference = new Interval(
            p1 - p2,
            p1 - p2 - Math.Sqrt(Square(p1 - arm1.Lower) + Square(arm2.Upper - p2)),
            p1 - p2 + Math.Sqrt(Square(arm1.Upper - p1) + Square(p2 - arm2.Lower)));

        var pooled = (double)(successes1 + successes2) / (trials1 + trials2);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / trials1 + 1.0 / trials2));
        if (se == 0) return new ProportionComparison(difference, 0, 1); // both arms all 0 or all 1: no evidence of a difference
        var z = (p1 - p2) / se;
        return new ProportionComparison(difference, z, 2 * Normal.CDF(0, 1, -Math.Abs(z)));
    }

    private static double Square(double x) => x * x;
}
