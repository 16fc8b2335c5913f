using Dunning.Lab.Outcomes;
using Dunning.PolicyLab.Backtest;
using Dunning.RetryScheduler;
using Xunit.Abstractions;

namespace Dunning.PolicyLab.Tests.Backtest;

/// <summary>The backtest against a history whose truth is known (<see cref="KnownHistory"/>).</summary>
public sealed class PredictedRecoveryTests(ITestOutputHelper output)
{
    private const int Failures = 4000;

    /// <summary>
    /// The stated tolerance: 2.5 points. The realized history differs from its own expectation by up to 0.8 points (one standard
    /// error of a rate between 0.4 and 0.8 over 4,000 failures), and the model learns from that same realization, so 2.5 points is
    /// 3 standard errors plus room for the smoothing's pull on sparse cells (3,200 full cells, most of them sparse at this size).
    /// </summary>
    private const double Tolerance = 0.025;

    private static readonly RetryPolicyOptions Generating = new();
    private static readonly RetryPolicyOptions FewerAttempts = new() { MaxAttempts = 2 };

    [Fact]
    public void The_generating_policy_is_predicted_within_the_tolerance_of_the_truth_and_one_with_fewer_attempts_predicts_less()
    {
        var history = KnownHistory.Generate(Failures, Generating, seed: 19);
        var model = OutcomeModel.Fit(history);
        var generating = PolicyBacktest.Run(new NamedPolicy("default", "-", Generating), history, model, seed: 1);
        var fewer = PolicyBacktest.Run(new NamedPolicy("two tries", "-", FewerAttempts), history, model, seed: 1);
        var (truth, fewerTruth) = (KnownHistory.TrueRate(history, Generating), KnownHistory.TrueRate(history, FewerAttempts));
        var realized = history.Count(f => f.Outcome.Recovered) / (double)history.Count;
        output.WriteLine($"generating: predicted {generating.Rate.Estimate:F4} [{generating.Rate.Lower:F4}, {generating.Rate.Upper:F4}], "
            + $"truth {truth:F4}, realized {realized:F4}");
        output.WriteLine($"two tries: predicted {fewer.Rate.Estimate:F4} [{fewer.Rate.Lower:F4}, {fewer.Rate.Upper:F4}], truth {fewerTruth:F4}");

        Assert.InRange(generating.Rate.Estimate, truth - Tolerance, truth + Tolerance);
        Assert.InRange(fewer.Rate.Estimate, fewerTruth - Tolerance, fewerTruth + Tolerance);
        Assert.True(fewer.Rate.Estimate < generating.Rate.Estimate - 0.05, "two tries should predict clearly less than eight");
        Assert.True(fewer.PayCalls < generating.PayCalls);
    }
}
