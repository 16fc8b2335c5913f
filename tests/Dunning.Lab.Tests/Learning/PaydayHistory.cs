using Dunning.Lab.History;
using MathNet.Numerics.Random;

namespace Dunning.Lab.Tests.Learning;

/// <summary>
/// Failure histories whose truth is finer than the outcome model's bands (<see cref="TrueProbability"/>): insufficient funds
/// clear on the 1st and the 15th (and less so the day after), every retry does better at 08–10 local and worse at night.
/// Each invoice fails, then is retried up to four times, 8 h to 4 days apart, so every local hour and day is sampled. The
/// generator reads the customer's local time itself, so the features the model learns from are checked against it.
/// </summary>
internal static class PaydayHistory
{
    public static readonly string[] Zones = ["America/New_York", "Europe/Berlin", "Asia/Tokyo"];
    private static readonly DateTimeOffset YearStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static List<FailedInvoice> Generate(int invoices, int seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var history = new List<FailedInvoice>(invoices);
        for (var i = 0; i < invoices; i++)
        {
            var category = random.NextDouble() < 0.6 ? DeclineCategory.InsufficientFunds : DeclineCategory.Soft;
            var brand = random.NextDouble() < 0.6 ? "visa" : "mastercard";
            var amount = random.NextDouble() < 0.7 ? 1900L : 29900L;
            var zone = Zones[random.Next(Zones.Length)];
            var first = YearStart.AddMinutes(random.Next(365 * 24 * 60));
            var attempts = new List<PaymentAttempt> { PaymentAttempt.Declined(1, first, category) };
            var outcome = RecoveryOutcome.NotRecovered;
            for (var number = 2; number <= 5 && !outcome.Recovered; number++)
            {
                var at = attempts[^1].At.AddMinutes(random.Next(8 * 60, 96 * 60));
                var local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(zone));
                var features = new AttemptFeatures(category, null, null, brand, amount, "usd", number, at - first, local.Day, local.DayOfWeek, local.Hour);
                if (random.NextDouble() < TrueProbability(features))
                {
                    attempts.Add(PaymentAttempt.Paid(number, at));
                    outcome = RecoveryOutcome.Paid(amount, at);
                }
                else attempts.Add(PaymentAttempt.Declined(number, at, category));
            }
            history.Add(new FailedInvoice($"in_{i}", $"cus_{i}", amount, "usd", brand, zone, attempts, outcome));
        }
        return history;
    }

    public static bool IsPayday(int localDay) => localDay is 1 or 15;

    public static bool IsBestHour(int localHour) => localHour is 8 or 9;

    public static double TrueProbability(AttemptFeatures f)
    {
        var p = f.Category == DeclineCategory.InsufficientFunds ? 0.08 : 0.25;
        if (f.Category == DeclineCategory.InsufficientFunds)
            p *= IsPayday(f.LocalDayOfMonth) ? 4 : f.LocalDayOfMonth is 2 or 16 ? 2 : 1;
        p *= IsBestHour(f.LocalHour) ? 2 : f.LocalHour < 6 ? 0.5 : 1;
        p *= 1 - 0.1 * (f.AttemptNumber - 2);
        p *= f.CardBrand == "mastercard" ? 0.9 : 1;
        return Math.Min(p, 0.95);
    }
}
