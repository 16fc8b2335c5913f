using Dunning.Lab.Statistics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using Xunit.Abstractions;

namespace Dunning.Lab.Tests.Statistics;

public sealed class ProportionIntervalTests(ITestOutputHelper output)
{
    /// <summary>Newcombe (1998a), "Two-sided confidence intervals for the single proportion", worked examples of the score method.</summary>
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Wilson_matches_Newcombes_worked_examples(int successes, int trials, double lower, double upper)
    {
        var interval = ProportionInterval.Wilson(successes, trials);

        Assert.Equal((double)successes / trials, interval.Estimate, 12);
        Assert.Equal(lower, interval.Lower, 4);
        Assert.Equal(upper, interval.Upper, 4);
    }

    [Theory]
    [InlineData(400, 0.30)] // an arm of a running experiment
    [InlineData(40, 0.08)] // a small arm with a low rate, where the Wald interval fails (below)
    public void Wilson_covers_the_true_rate_at_its_nominal_rate_over_1000_simulated_arms(int trials, double truth)
    {
        var covered = Simulate(trials, truth, seed: 1927, s => ProportionInterval.Wilson(s, trials));
        output.WriteLine($"n = {trials}, p = {truth}: Wilson covered {covered:P1}");

        Coverage.AssertNominal(covered, "Wilson");
    }

    [Fact]
    public void The_coverage_check_rejects_the_Wald_interval_where_it_is_known_to_undercover()
    {
        const int trials = 40;
        var covered = Simulate(trials, 0.08, seed: 1927, s =>
        {
            var p = (double)s / trials;
            var half = 1.959964 * Math.Sqrt(p * (1 - p) / trials);
            return new Interval(p, p - half, p + half);
        });
        output.WriteLine($"n = {trials}, p = 0.08: Wald covered {covered:P1}");

        Assert.False(Coverage.IsNominal(covered), $"Wald covered {covered:P1}: the check would not tell a bad interval from a good one");
    }

    [Fact]
    public void An_empty_arm_knows_nothing()
    {
        Assert.Equal(new Interval(0, 0, 1), ProportionInterval.Wilson(0, 0));
    }

    private static double Simulate(int trials, double truth, int seed, Func<int, Interval> interval)
    {
        const int experiments = 1000;
        var random = new Xoshiro256StarStar(seed);
        var covered = Enumerable.Range(0, experiments).Count(_ => interval(Binomial.Sample(random, truth, trials)).Contains(truth));
        return (double)covered / experiments;
    }
}
