namespace Dunning.Lab.Tests.Statistics;

/// <summary>
/// The check issue 19 asks of every interval: over simulated experiments whose truth is known, a 95 % interval covers the
/// truth in 95 % ± 3 points of them. The simulations are seeded (the test gives the same figure every run), and the check
/// rejects a known-bad interval (see ProportionIntervalTests), so it is not a formality.
/// </summary>
internal static class Coverage
{
    public const double Nominal = 0.95;
    public const double Tolerance = 0.03;

    public static bool IsNominal(double measured) => Math.Abs(measured - Nominal) <= Tolerance;

    public static void AssertNominal(double measured, string what) =>
        Assert.True(IsNominal(measured), $"{what}: coverage {measured:P1}, outside {Nominal:P0} ± {Tolerance * 100:F0} points");
}
