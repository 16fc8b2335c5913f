using MathNet.Numerics.Distributions;

namespace Dunning.Lab.Statistics;

/// <summary>Confidence intervals for one arm's recovery rate.</summary>
public static class ProportionInterval
{
    /// <summary>
    /// The Wilson score interval (Wilson 1927; recommended over the Wald interval by Newcombe 1998a and Brown, Cai &amp; DasGupta
    /// 2001): near its nominal coverage even for small arms and rates near 0 or 1, and never outside [0, 1].
    /// An empty arm knows nothing: estimate 0, interval [0, 1].
    /// </summary>
    public static Interval Wilson(int successes, int trials, double level = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0) return new Interval(0, 0, 1);
        var z = Z(level);
        double n = trials, p = successes / n, z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        // At 0 or n successes one limit is exactly 0 or 1; rounding must not move it past.
        return new Interval(p, successes == 0 ? 0 : centre - half, successes == trials ? 1 : centre + half);
    }

    /// <summary>The two-sided standard normal quantile for <paramref name="level"/> (1.959964 for 95 %).</summary>
    internal static double Z(double level)
    {
        if (level is not (> 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(level), "a confidence level between 0 and 1");
        return Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
    }
}
