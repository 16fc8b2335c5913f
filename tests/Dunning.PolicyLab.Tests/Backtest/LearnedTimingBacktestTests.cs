using Dunning.Lab.History;
using Dunning.Lab.Learning;
using Dunning.Lab.Outcomes;
using Dunning.Lab.Tests.Learning;
using Dunning.PolicyLab.Backtest;
using Dunning.RetryScheduler;
using Xunit.Abstractions;

namespace Dunning.PolicyLab.Tests.Backtest;

/// <summary>The learned timing as a backtested policy, on a history where timing matters (<see cref="PaydayHistory"/>).</summary>
public sealed class LearnedTimingBacktestTests(ITestOutputHelper output)
{
    /// <summary>
    /// Trained and judged on one seeded realization, backtested on fresh first failures of the same mix. The outcome model judges
    /// both policies (its month-start and morning bands see part of the payday effect), so the learned timing has to win on the
    /// same yardstick as the schedule, not on its own model's word.
    /// </summary>
    [Fact]
    public void On_a_payday_history_the_learned_timing_is_predicted_to_recover_at_least_as_much_as_todays_schedule()
    {
        var training = PaydayHistory.Generate(6_000, seed: 21);
        var failures = PaydayHistory.Generate(1_000, seed: 22)
            .Select(f => new FailedInvoice(f.InvoiceId, f.CustomerId, f.AmountMinor, f.Currency, f.CardBrand, f.TimeZone, [f.Attempts[0]],
                RecoveryOutcome.NotRecovered)).ToList();
        var judge = OutcomeModel.Fit(training);
        using var learnedModel = LearnedOutcomeModel.Train(training);
        var timing = new LearnedTiming(learnedModel);

        var schedule = PolicyBacktest.Run(new NamedPolicy("default", "-", new RetryPolicyOptions()), failures, judge, seed: 1);
        var learnedPolicy = new NamedPolicy("learned", "-", new RetryPolicyOptions { Timing = RetryTiming.Learned });
        var learned = PolicyBacktest.Run(learnedPolicy, failures, judge, seed: 1, timing);
        output.WriteLine($"schedule: {schedule.Rate.Estimate:F4} [{schedule.Rate.Lower:F4}, {schedule.Rate.Upper:F4}], {schedule.PlannedRetries} retries");
        output.WriteLine($"learned:  {learned.Rate.Estimate:F4} [{learned.Rate.Lower:F4}, {learned.Rate.Upper:F4}], {learned.PlannedRetries} retries");

        Assert.True(learned.Rate.Estimate >= schedule.Rate.Estimate,
            $"learned {learned.Rate.Estimate:F4} is predicted to recover less than the schedule's {schedule.Rate.Estimate:F4}");
        Assert.Equal((0, 0), (learned.Network.CasesBreakingVisa, learned.Network.CasesBreakingMastercard));
    }

    [Fact]
    public void A_learned_policy_without_a_learned_model_is_refused_rather_than_run_on_the_schedule()
    {
        var policy = new NamedPolicy("learned", "-", new RetryPolicyOptions { Timing = RetryTiming.Learned });
        var failures = PaydayHistory.Generate(10, seed: 3);

        Assert.Throws<ArgumentException>(() => PolicyBacktest.Run(policy, failures, OutcomeModel.Fit(failures), seed: 1));
    }
}
