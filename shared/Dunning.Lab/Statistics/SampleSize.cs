using MathNet.Numerics.Distributions;

namespace Dunning.Lab.Statistics;

/// <summary>How many cases each arm needs before an experiment can tell its arms apart.</summary>
public static class SampleSize
{
    /// <summary>
    /// Cases per arm for a two-sided test at <paramref name="alpha"/> to detect rates <paramref name="p1"/> and
    /// <paramref name="p2"/> with probability <paramref name="power"/> (Fleiss 1981, ch. 3, without continuity correction;
    /// what R's power.prop.test solves): n = [z_{α/2}·√(2·p̄·q̄) + z_β·√(p1·q1 + p2·q2)]² / (p1 − p2)².
    /// </summary>
    public static double PerArmExact(double p1, double p2, double alpha = 0.05, double power = 0.80)
    {
        if (p1 is <= 0 or >= 1 || p2 is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(p1), "rates strictly between 0 and 1");
        if (p1 == p2) return double.PositiveInfinity;
        var zAlpha = Normal.InvCDF(0, 1, 1 - alpha / 2);
        var zBeta = Normal.InvCDF(0, 1, power);
        var mean = (p1 + p2) / 2;
        var root = zAlpha * Math.Sqrt(2 * mean * (1 - mean)) + zBeta * Math.Sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return root * root / ((p1 - p2) * (p1 - p2));
    }

    /// <summary>The power of that test with <paramref name="perArm"/> cases in each arm: the same formula solved for z_β.</summary>
    public static double Power(double perArm, double p1, double p2, double alpha = 0.05)
    {
        var zAlpha = Normal.InvCDF(0, 1, 1 - alpha / 2);
        var mean = (p1 + p2) / 2;
        var zBeta = (Math.Sqrt(perArm) * Math.Abs(p1 - p2) - zAlpha * Math.Sqrt(2 * mean * (1 - mean))) / Math.Sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return Normal.CDF(0, 1, zBeta);
    }

    /// <summary><see cref="PerArmExact"/> rounded up to whole cases.</summary>
    public static int PerArm(double p1, double p2, double alpha = 0.05, double power = 0.80) =>
        (int)Math.Ceiling(PerArmExact(p1, p2, alpha, power) - 1e-9);

    /// <summary>
    /// Cases still needed in each arm of a running experiment: to detect <paramref name="minimumDifference"/> over the control
    /// arm's observed rate if given, else the difference observed so far; null when that difference is 0 or the control rate is
    /// 0 or 1 (no finite size would do). Counted from the smaller arm.
    /// </summary>
    public static int? StillNeededPerArm(int controlSuccesses, int controlTrials, int candidateSuccesses, int candidateTrials,
        double? minimumDifference = null, double alpha = 0.05, double power = 0.80)
    {
        if (controlTrials == 0 || candidateTrials == 0) return null;
        var control = (double)controlSuccesses / controlTrials;
        var candidate = minimumDifference is { } d ? control + d : (double)candidateSuccesses / candidateTrials;
        if (control is <= 0 or >= 1 || candidate is <= 0 or >= 1 || control == candidate) return null;
        return Math.Max(0, PerArm(control, candidate, alpha, power) - Math.Min(controlTrials, candidateTrials));
    }
}
