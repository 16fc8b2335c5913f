using Dunning.Lab.Experiments;
using Dunning.Lab.History;
using Dunning.Lab.Statistics;

namespace Dunning.Metrics.Domain;

/// <summary>A closed case of an experiment as the ledger has it: its arm, whether it was recovered, and its invoice's amount.</summary>
public sealed record ExperimentCase(string Arm, bool Control, string Currency, bool Recovered, long AmountMinor);

/// <summary>An arm's recovered amount in one currency, with its 95 % bootstrap interval (amounts are never summed across currencies).</summary>
public sealed record ArmAmount(string Currency, Interval RecoveredAmountMinor);

/// <summary>One arm: its closed cases, those recovered and the rate (95 % Wilson interval), its amounts, and how it compares with the control.</summary>
public sealed record ArmReport(string Arm, bool Control, int Cases, int Recovered, Interval Rate, IReadOnlyList<ArmAmount> RecoveredAmounts,
    ArmVersusControl? VersusControl);

/// <summary>
/// The per-arm report of an experiment (issue 19) from the ledger's closed cases, with <see cref="ExperimentAnalysis"/>'s figures:
/// per arm the recovery rate with its Wilson interval, and against the control the difference (Newcombe interval), the p-value
/// and the cases still needed per arm to tell the observed difference at 80 % power.
/// </summary>
public sealed record ExperimentReport(Guid ExperimentId, string Mode, string Counts, string? Control, IReadOnlyList<ArmReport> Arms)
{
    /// <summary>Fixed, so the same ledger always gives the same amount intervals.</summary>
    public const int BootstrapSeed = 19;

    public const string CountsNote =
        "closed cases only (recovered or lost); an open case counts when it closes, so compare arms once their cases had the whole window";

    public static ExperimentReport Of(Guid experimentId, ReportMode mode, IReadOnlyList<ExperimentCase> cases)
    {
        var arms = cases.GroupBy(c => c.Arm, StringComparer.Ordinal)
            .OrderByDescending(g => g.First().Control).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Arm: g.Key, g.First().Control, Summary: Summary(g.Key, [.. g]), Amounts: Amounts(g.Key, [.. g])))
            .ToList();
        var control = arms.FirstOrDefault(a => a.Control);
        return new ExperimentReport(experimentId, mode.Name, CountsNote, control.Arm, [.. arms.Select(a => new ArmReport(a.Arm, a.Control, a.Summary.Cases,
            a.Summary.Recovered, a.Summary.Rate, a.Amounts,
            a.Control || control.Summary is null ? null : ExperimentAnalysis.Compare(a.Summary, control.Summary)))]);
    }

    /// <summary>The flat form for CSV: one row per arm and currency (an arm's rate figures repeat on each of its currencies).</summary>
    public object ToCsvRows() => new
    {
        experimentId = ExperimentId,
        mode = Mode,
        rows = Arms.SelectMany(a => a.RecoveredAmounts.Select(amount => new
        {
            arm = a.Arm,
            control = a.Control,
            cases = a.Cases,
            recovered = a.Recovered,
            rate = a.Rate.Estimate,
            rateLower = a.Rate.Lower,
            rateUpper = a.Rate.Upper,
            difference = a.VersusControl?.RateDifference.Difference.Estimate,
            differenceLower = a.VersusControl?.RateDifference.Difference.Lower,
            differenceUpper = a.VersusControl?.RateDifference.Difference.Upper,
            pValue = a.VersusControl?.RateDifference.PValue,
            stillNeededPerArm = a.VersusControl?.StillNeededPerArm,
            currency = amount.Currency,
            recoveredAmountMinor = amount.RecoveredAmountMinor.Estimate,
            recoveredAmountLower = amount.RecoveredAmountMinor.Lower,
            recoveredAmountUpper = amount.RecoveredAmountMinor.Upper,
        })),
    };

    /// <summary>
    /// The arm's counts and rate over all its currencies (a case counts once whatever its currency). Its amount interval is left
    /// empty: amounts are reported per currency (<see cref="Amounts"/>).
    /// </summary>
    private static ArmSummary Summary(string arm, IReadOnlyList<ExperimentCase> cases)
    {
        var recovered = cases.Count(c => c.Recovered);
        return new ArmSummary(arm, cases.Count, recovered, ProportionInterval.Wilson(recovered, cases.Count), default);
    }

    /// <summary>In a fixed order (lost first, then by amount), so the bootstrap depends on the cases alone, not on how the ledger returned them.</summary>
    private static List<ArmAmount> Amounts(string arm, IReadOnlyList<ExperimentCase> cases) =>
    [
        .. cases.GroupBy(c => c.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ArmAmount(g.Key, ExperimentAnalysis.Summarize(arm,
                [.. g.OrderBy(c => c.Recovered).ThenBy(c => c.AmountMinor).Select(Outcome)], BootstrapSeed).RecoveredAmountMinor)),
    ];

    /// <summary>The amount recovered is the invoice's whole amount (the ledger records no partial recovery).</summary>
    private static RecoveryOutcome Outcome(ExperimentCase c) => new(c.Recovered, c.Recovered ? c.AmountMinor : 0, null);
}
