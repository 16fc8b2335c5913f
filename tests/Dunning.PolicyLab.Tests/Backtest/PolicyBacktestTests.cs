using System.Text.Json;
using Dunning.Lab.Outcomes;
using Dunning.PolicyLab.Backtest;
using Dunning.RetryScheduler;

namespace Dunning.PolicyLab.Tests.Backtest;

public sealed class PolicyBacktestTests
{
    [Fact]
    public void The_same_history_and_seed_give_the_same_report_and_another_seed_other_intervals_around_the_same_estimate()
    {
        var history = KnownHistory.Generate(300, new RetryPolicyOptions(), seed: 5);
        var model = OutcomeModel.Fit(history);
        var policy = new NamedPolicy("default", "-", new RetryPolicyOptions());

        var (once, again, other) = (PolicyBacktest.Run(policy, history, model, seed: 1), PolicyBacktest.Run(policy, history, model, seed: 1),
            PolicyBacktest.Run(policy, history, model, seed: 2));

        Assert.Equal(JsonSerializer.Serialize(once, ReportFormats.Json), JsonSerializer.Serialize(again, ReportFormats.Json));
        Assert.Equal(once.Rate.Estimate, other.Rate.Estimate);
        Assert.NotEqual(once.Rate.Lower, other.Rate.Lower);
    }
}
