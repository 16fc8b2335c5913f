using Dunning.Lab.History;
using Dunning.Lab.Outcomes;

namespace Dunning.PolicyLab.Backtest;

/// <summary>
/// What a planned case is expected to bring: each retry succeeds with the outcome model's probability for it (<see cref="Success"/>,
/// one per retry), the retries stop at the first success.
/// </summary>
public sealed record ExpectedRecovery(PlannedCase Case, IReadOnlyList<double> Success)
{
    public static ExpectedRecovery Of(PlannedCase planned, OutcomeModel model)
    {
        var invoice = planned.Invoice;
        var first = invoice.Attempts[0]; // every retry follows a decline like the first
        return new ExpectedRecovery(planned, [.. planned.Retries.Select((at, i) =>
            model.Estimate(AttemptFeatures.Of(invoice, first, number: i + 2, at)).Probability)]);
    }

    /// <summary>The chance each retry is made: every earlier one declined.</summary>
    private IEnumerable<double> Reached()
    {
        var none = 1.0;
        foreach (var p in Success)
        {
            yield return none;
            none *= 1 - p;
        }
    }

    /// <summary>1 − Π(1 − pᵢ): some retry succeeds.</summary>
    public double Recovered => 1 - Success.Aggregate(1.0, (none, p) => none * (1 - p));

    /// <summary>The expected amount recovered, in the invoice's currency's minor unit.</summary>
    public double RecoveredAmountMinor => Recovered * Case.Invoice.AmountMinor;

    /// <summary>The expected number of pay calls: each retry counts with the chance it is made.</summary>
    public double PayCalls => Reached().Sum();

    /// <summary>The chance the case is recovered at each retry, with the time from the first failure to it.</summary>
    public IEnumerable<(TimeSpan After, double Chance)> Recoveries() =>
        Reached().Zip(Success, Case.Retries).Select(r => (r.Third - Case.Invoice.FirstFailedAt, r.First * r.Second));
}
