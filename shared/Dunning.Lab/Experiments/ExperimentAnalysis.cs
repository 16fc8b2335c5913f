using Dunning.Lab.History;
using Dunning.Lab.Statistics;

namespace Dunning.Lab.Experiments;

/// <summary>One arm's cases: how many recovered (Wilson interval on the rate) and how much (bootstrap interval on the amount).</summary>
public sealed record ArmSummary(string Arm, int Cases, int Recovered, Interval Rate, Interval RecoveredAmountMinor);

/// <summary>An arm against the control arm: the rate difference (arm − control) with its interval and p-value, and the cases still needed.</summary>
public sealed record ArmVersusControl(string Arm, string Control, ProportionComparison RateDifference, int? StillNeededPerArm);

/// <summary>What issue 19 asks of an experiment's report, per arm and against the control, from the cases' outcomes.</summary>
public static class ExperimentAnalysis
{
    public static ArmSummary Summarize(string arm, IReadOnlyList<RecoveryOutcome> outcomes, int seed)
    {
        var recovered = outcomes.Count(o => o.Recovered);
        var amount = BootstrapInterval.OfSum(outcomes.Select(o => (double)o.RecoveredAmountMinor).ToList(), seed);
        return new ArmSummary(arm, outcomes.Count, recovered, ProportionInterval.Wilson(recovered, outcomes.Count), amount);
    }

    /// <param name="minimumDifference">The smallest gain in recovery rate worth detecting; null: the gain observed so far.</param>
    public static ArmVersusControl Compare(ArmSummary arm, ArmSummary control, double? minimumDifference = null) => new(
        arm.Arm,
        control.Arm,
        ProportionTest.Compare(arm.Recovered, arm.Cases, control.Recovered, control.Cases),
        SampleSize.StillNeededPerArm(control.Recovered, control.Cases, arm.Recovered, arm.Cases, minimumDifference));
}
