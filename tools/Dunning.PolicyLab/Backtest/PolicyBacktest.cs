using Dunning.Lab.History;
using Dunning.Lab.Learning;
using Dunning.Lab.Outcomes;
using Dunning.Lab.Statistics;
using Dunning.Notification;
using Dunning.RetryScheduler;
using MathNet.Numerics.Distributions;

namespace Dunning.PolicyLab.Backtest;

/// <summary>
/// Backtests one policy: plans it over the failures (<see cref="AttemptPlanner"/>), prices each retry with the outcome model, sums up.
/// A learned-timing policy needs <paramref name="learned"/> to place its retries; the outcome model still judges them, as it judges any policy.
/// </summary>
public static class PolicyBacktest
{
    private static readonly CadenceOptions Cadence = new();

    public static PolicyReport Run(NamedPolicy policy, IReadOnlyList<FailedInvoice> failures, OutcomeModel model, int seed, LearnedTiming? learned = null)
    {
        if (policy.Timing == RetryTiming.Learned && learned is null)
            throw new ArgumentException($"{policy.Name} times its retries with the learned model, and none was given", nameof(learned));
        var plan = AttemptPlanner.Plan(failures, policy.Options, policy.Timing == RetryTiming.Learned ? learned : null);
        var expected = plan.Cases.Select(c => ExpectedRecovery.Of(c, model)).ToList();
        var recovery = RecoveryIntervals.Of([.. expected.Select(e => e.Recovered)], [.. expected.Select(e => e.RecoveredAmountMinor)], seed);
        var amounts = expected.GroupBy(e => e.Case.Invoice.Currency.ToLowerInvariant()).OrderBy(g => g.Key)
            .Select(currency => new CurrencyAmount(currency.Key, BootstrapInterval.OfSum([.. currency.Select(e => e.RecoveredAmountMinor)], seed)))
            .ToList();
        var recoveries = expected.SelectMany(e => e.Recoveries()).Where(r => r.Chance > 0).OrderBy(r => r.After).ToList();
        var chance = recoveries.Sum(r => r.Chance);
        return new PolicyReport(
            policy.Name,
            policy.File,
            failures.Count,
            recovery.Recovered,
            recovery.Rate,
            amounts,
            recoveries.Count == 0 ? null : recoveries[Categorical.InvCDF([.. recoveries.Select(r => r.Chance)], 0.5)].After.TotalDays,
            recoveries.Count == 0 ? null : recoveries.Sum(r => r.Chance * r.After.TotalDays) / chance,
            plan.Cases.Sum(c => c.Retries.Count),
            expected.Sum(e => e.PayCalls),
            expected.Sum(e => ExpectedEmails.Of(e, policy.Options, Cadence)),
            NetworkUsage.Of(plan.Cards, policy.Options));
    }
}
