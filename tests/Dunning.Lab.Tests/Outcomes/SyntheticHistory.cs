using Dunning.Lab.History;
using Dunning.Lab.Outcomes;
using MathNet.Numerics.Random;

namespace Dunning.Lab.Tests.Outcomes;

/// <summary>
/// Failure histories drawn from known per-cell success probabilities (<see cref="TrueProbability"/>): each invoice fails,
/// then is retried up to four times, 8 h to 4 days apart, each retry succeeding with its cell's true probability.
/// The generator bands the customer's local time itself, so the model's own feature extraction is checked against it.
/// </summary>
internal static class SyntheticHistory
{
    private static readonly string[] Zones = ["America/New_York", "Europe/Berlin"];
    private static readonly DateTimeOffset YearStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static List<FailedInvoice> Generate(int invoices, int seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var history = new List<FailedInvoice>(invoices);
        for (var i = 0; i < invoices; i++)
        {
            var category = random.NextDouble() switch
            {
                < 0.5 => DeclineCategory.InsufficientFunds, < 0.85 => DeclineCategory.Soft, _ => DeclineCategory.AdvisedWait,
            };
            var brand = random.NextDouble() < 0.6 ? "visa" : "mastercard";
            var amount = random.NextDouble() < 0.7 ? 1900L : 29900L;
            var zoneId = Zones[random.Next(Zones.Length)];
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            var first = YearStart.AddMinutes(random.Next(365 * 24 * 60));

            var attempts = new List<PaymentAttempt> { PaymentAttempt.Declined(1, first, category) };
            var outcome = RecoveryOutcome.NotRecovered;
            for (var number = 2; number <= 5 && !outcome.Recovered; number++)
            {
                var at = attempts[^1].At.AddMinutes(random.Next(8 * 60, 96 * 60));
                var local = TimeZoneInfo.ConvertTime(at, zone);
                var cell = new OutcomeCell(category, Bands.Attempt(number), Bands.Elapsed(at - first), Bands.DayOfMonth(local.Day),
                    Bands.Hour(local.Hour), brand, Bands.Amount(amount, "usd"));
                if (random.NextDouble() < TrueProbability(cell))
                {
                    attempts.Add(PaymentAttempt.Paid(number, at));
                    outcome = RecoveryOutcome.Paid(amount, at);
                }
                else attempts.Add(PaymentAttempt.Declined(number, at, category));
            }
            history.Add(new FailedInvoice($"in_{i}", $"cus_{i}", amount, "usd", brand, zoneId, attempts, outcome));
        }
        return history;
    }

    /// <summary>
    /// The truth: a base rate per decline category, raised around paydays for insufficient funds, by the customer's morning,
    /// lowered at night, on later attempts, on the first day, on Mastercard and on large amounts.
    /// </summary>
    public static double TrueProbability(OutcomeCell cell)
    {
        var p = cell.Category switch { DeclineCategory.InsufficientFunds => 0.20, DeclineCategory.Soft => 0.30, _ => 0.40 };
        if (cell.Category == DeclineCategory.InsufficientFunds)
            p *= cell.DayOfMonth switch { DayOfMonthBand.MonthStart => 2.0, DayOfMonthBand.MidMonth => 1.6, DayOfMonthBand.MonthEnd => 1.3, _ => 1 };
        p *= cell.LocalHour switch { HourBand.Night => 0.6, HourBand.Morning => 1.3, HourBand.Afternoon => 1.1, _ => 0.9 };
        p *= 1 - 0.12 * (cell.Attempt!.Value - 2);
        p *= cell.Elapsed == ElapsedBand.UnderOneDay ? 0.8 : 1;
        p *= cell.Brand == "mastercard" ? 0.9 : 1;
        p *= cell.Amount == AmountBand.From200 ? 0.8 : 1;
        return p;
    }
}
