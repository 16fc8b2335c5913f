using Dunning.Lab.History;
using Dunning.Lab.Outcomes;
using Dunning.PolicyLab.Backtest;
using Dunning.RetryScheduler;
using MathNet.Numerics.Random;

namespace Dunning.PolicyLab.Tests.Backtest;

/// <summary>
/// Failures whose retries follow a known policy, each retry succeeding with a known probability (<see cref="TrueProbability"/>):
/// the first failures are drawn at random (seeded), planned with the backtest's own planner, then each planned retry is made in
/// turn until one succeeds. <see cref="TrueRate"/> is what a policy truly recovers from such failures on average.
/// </summary>
internal static class KnownHistory
{
    private static readonly string[] Zones = ["America/New_York", "Europe/Berlin", "Asia/Tokyo"];
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first failures alone: invoices with their first decline, before any retry.</summary>
    public static List<FailedInvoice> FirstFailures(int invoices, int seed)
    {
        var random = new Xoshiro256StarStar(seed);
        return [.. Enumerable.Range(0, invoices).Select(i =>
        {
            var category = random.NextDouble() < 0.5 ? DeclineCategory.InsufficientFunds : DeclineCategory.Soft;
            var first = Start.AddMinutes(random.Next(180 * 24 * 60));
            return new FailedInvoice($"in_{seed}_{i}", $"cus_{i}", random.NextDouble() < 0.7 ? 1900L : 29900L, "usd",
                random.NextDouble() < 0.6 ? "visa" : "mastercard", Zones[random.Next(Zones.Length)],
                [PaymentAttempt.Declined(1, first, category)], RecoveryOutcome.NotRecovered);
        })];
    }

    /// <summary>The failures as <paramref name="policy"/> retried them, each retry succeeding with its true probability.</summary>
    public static List<FailedInvoice> Generate(int invoices, RetryPolicyOptions policy, int seed)
    {
        var random = new Xoshiro256StarStar(seed + 1);
        return [.. AttemptPlanner.Plan(FirstFailures(invoices, seed), policy).Cases.Select(planned =>
        {
            var invoice = planned.Invoice;
            var first = invoice.Attempts[0];
            var attempts = new List<PaymentAttempt> { first };
            foreach (var (at, i) in planned.Retries.Select((at, i) => (at, i)))
            {
                if (random.NextDouble() < TrueProbability(AttemptFeatures.Of(invoice, first, i + 2, at)))
                    return With(invoice, [.. attempts, PaymentAttempt.Paid(i + 2, at)], RecoveryOutcome.Paid(invoice.AmountMinor, at));
                attempts.Add(PaymentAttempt.Declined(i + 2, at, first.Category!.Value));
            }
            return With(invoice, attempts, RecoveryOutcome.NotRecovered);
        })];
    }

    /// <summary>
    /// The share of <paramref name="failures"/> that <paramref name="policy"/> recovers in expectation under the truth (the planner
    /// reads only each invoice's first decline, so the history's own retries do not matter).
    /// </summary>
    public static double TrueRate(IReadOnlyList<FailedInvoice> failures, RetryPolicyOptions policy) =>
        AttemptPlanner.Plan(failures, policy).Cases.Average(planned => 1 - planned.Retries
            .Select((at, i) => TrueProbability(AttemptFeatures.Of(planned.Invoice, planned.Invoice.Attempts[0], i + 2, at)))
            .Aggregate(1.0, (none, p) => none * (1 - p)));

    private static FailedInvoice With(FailedInvoice invoice, IReadOnlyList<PaymentAttempt> attempts, RecoveryOutcome outcome) =>
        new(invoice.InvoiceId, invoice.CustomerId, invoice.AmountMinor, invoice.Currency, invoice.CardBrand, invoice.TimeZone, attempts, outcome);

    /// <summary>The truth: a base rate per category, higher in the customer's morning and around paydays, lower on later attempts and Mastercard.</summary>
    public static double TrueProbability(AttemptFeatures features)
    {
        var cell = OutcomeCell.Of(features);
        var p = cell.Category == DeclineCategory.InsufficientFunds ? 0.15 : 0.25;
        if (cell.Category == DeclineCategory.InsufficientFunds && cell.DayOfMonth is DayOfMonthBand.MonthStart or DayOfMonthBand.MidMonth)
            p *= 2;
        p *= cell.LocalHour switch { HourBand.Morning => 1.3, HourBand.Night => 0.6, _ => 1 };
        p *= 1 - 0.1 * (cell.Attempt!.Value - 2);
        return cell.Brand == "mastercard" ? p * 0.85 : p;
    }
}
