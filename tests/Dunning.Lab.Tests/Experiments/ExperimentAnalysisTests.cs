using Dunning.Lab.Experiments;
using Dunning.Lab.History;
using Dunning.Lab.Statistics;

namespace Dunning.Lab.Tests.Experiments;

public sealed class ExperimentAnalysisTests
{
    private static readonly DateTimeOffset At = new(2027, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_arm_is_reported_with_its_rate_amount_difference_to_control_and_the_cases_it_still_needs()
    {
        // Control: 30 of 300 recovered; candidate: 48 of 320, $49 each.
        var control = ExperimentAnalysis.Summarize("current", Outcomes(300, 30), seed: 1);
        var candidate = ExperimentAnalysis.Summarize("candidate", Outcomes(320, 48), seed: 1);

        var versus = ExperimentAnalysis.Compare(candidate, control);

        Assert.Equal((320, 48), (candidate.Cases, candidate.Recovered));
        Assert.Equal(ProportionInterval.Wilson(48, 320), candidate.Rate);
        Assert.Equal(48 * 4900, candidate.RecoveredAmountMinor.Estimate);
        Assert.True(candidate.RecoveredAmountMinor.Lower < 48 * 4900 && 48 * 4900 < candidate.RecoveredAmountMinor.Upper);
        Assert.Equal(ProportionTest.Compare(48, 320, 30, 300), versus.RateDifference);
        Assert.Equal(0.05, versus.RateDifference.Difference.Estimate, 12);
        Assert.Equal(386, versus.StillNeededPerArm); // 686 per arm to detect 10 % vs 15 % (SampleSizeTests), 300 in the smaller arm
    }

    private static List<RecoveryOutcome> Outcomes(int cases, int recovered) => Enumerable.Range(0, cases)
        .Select(i => i < recovered ? RecoveryOutcome.Paid(4900, At) : RecoveryOutcome.NotRecovered).ToList();
}
