using Dunning.Lab.Statistics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using Xunit.Abstractions;

namespace Dunning.Lab.Tests.Statistics;

public sealed class ProportionTestTests(ITestOutputHelper output)
{
    /// <summary>Newcombe (1998b), "Interval estimation for the difference between independent proportions", method 10.</summary>
    [Theory]
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339)]
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090)]
    [InlineData(5, 56, 0, 29, -0.0381, 0.1926)]
    [InlineData(0, 10, 0, 20, -0.1611, 0.2775)]
    public void The_difference_matches_Newcombes_worked_examples(int s1, int n1, int s2, int n2, double lower, double upper)
    {
        var difference = ProportionTest.Compare(s1, n1, s2, n2).Difference;

        Assert.Equal((double)s1 / n1 - (double)s2 / n2, difference.Estimate, 12);
        Assert.Equal(lower, difference.Lower, 4);
        Assert.Equal(upper, difference.Upper, 4);
    }

    [Fact]
    public void The_difference_covers_the_true_difference_at_its_nominal_rate_over_1000_simulated_experiments()
    {
        const int experiments = 1000, perArm = 400;
        const double control = 0.30, candidate = 0.36;
        var random = new Xoshiro256StarStar(1998);

        var covered = Enumerable.Range(0, experiments).Count(_ => ProportionTest
            .Compare(Binomial.Sample(random, candidate, perArm), perArm, Binomial.Sample(random, control, perArm), perArm)
            .Difference.Contains(candidate - control));
        output.WriteLine($"covered {covered / (double)experiments:P1}");

        Coverage.AssertNominal(covered / (double)experiments, "Newcombe's difference interval");
    }

    /// <summary>
    /// When the arms do not differ, a sound p-value is uniform: 5 % of experiments fall below 0.05, 10 % below 0.1, and so on.
    /// Checked at every tenth over 4000 null experiments; each share may stray by 0.02 (3 standard errors at 0.5; the discrete
    /// counts make the p-value only nearly uniform).
    /// </summary>
    [Fact]
    public void Under_no_difference_the_p_value_is_uniform()
    {
        const int experiments = 4000, perArm = 500;
        var random = new Xoshiro256StarStar(2026);
        var pValues = Enumerable.Range(0, experiments)
            .Select(_ => ProportionTest.Compare(Binomial.Sample(random, 0.3, perArm), perArm, Binomial.Sample(random, 0.3, perArm), perArm).PValue)
            .ToList();

        var belowFivePercent = pValues.Count(p => p < 0.05) / (double)experiments;
        output.WriteLine($"share below 0.05: {belowFivePercent:P2}");
        Assert.InRange(belowFivePercent, 0.04, 0.06);
        foreach (var tenth in Enumerable.Range(1, 9).Select(i => i / 10.0))
            Assert.InRange(pValues.Count(p => p < tenth) / (double)experiments, tenth - 0.02, tenth + 0.02);
    }

    /// <summary>With the sample size <see cref="SampleSize"/> asks for, the test finds a real difference 80 % of the time.</summary>
    [Fact]
    public void At_the_computed_sample_size_the_test_has_its_power()
    {
        const int experiments = 2000;
        var perArm = SampleSize.PerArm(0.10, 0.15);
        var random = new Xoshiro256StarStar(80);

        var found = Enumerable.Range(0, experiments).Count(_ =>
            ProportionTest.Compare(Binomial.Sample(random, 0.15, perArm), perArm, Binomial.Sample(random, 0.10, perArm), perArm).PValue < 0.05);
        output.WriteLine($"{perArm} per arm: significant in {found / (double)experiments:P1}");

        Assert.InRange(found / (double)experiments, 0.77, 0.83);
    }

    [Fact]
    public void Arms_that_cannot_differ_give_no_evidence()
    {
        Assert.Equal(1, ProportionTest.Compare(0, 50, 0, 70).PValue);
        Assert.Equal(1, ProportionTest.Compare(3, 3, 0, 0).PValue);
    }
}
