using System.Collections.Concurrent;
using Dunning.Lab.History;
using Dunning.Lab.Learning;

namespace Dunning.RetryScheduler.Tests.Support;

/// <summary>
/// Learned models trained on a history where insufficient-funds retries at one hour of the day (UTC) succeed six times as often as
/// at any other (60 % against 10 %): one per hour asked for, trained once per test run, and saved as the zip
/// <c>RetryPolicy:LearnedModel</c> names.
/// </summary>
public static class BestHourModel
{
    private static readonly ConcurrentDictionary<int, Lazy<LearnedOutcomeModel>> Trained = new();
    private static readonly ConcurrentDictionary<int, Lazy<string>> Saved = new();

    public static LearnedTiming Timing(int bestHour) => new(Model(bestHour));

    /// <summary>The model's file, written on first use.</summary>
    public static string Path(int bestHour) => Saved.GetOrAdd(bestHour, hour => new Lazy<string>(() =>
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"best-hour-{hour}-{Guid.NewGuid():N}.zip");
        Model(hour).Save(path);
        return path;
    })).Value;

    private static LearnedOutcomeModel Model(int bestHour) =>
        Trained.GetOrAdd(bestHour, hour => new Lazy<LearnedOutcomeModel>(() => LearnedOutcomeModel.Train(History(hour)))).Value;

    private static IEnumerable<FailedInvoice> History(int bestHour)
    {
        var random = new Random(9);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 3_000; i++)
        {
            var first = start.AddHours(random.Next(300 * 24));
            var attempts = new List<PaymentAttempt> { PaymentAttempt.Declined(1, first, DeclineCategory.InsufficientFunds) };
            var outcome = RecoveryOutcome.NotRecovered;
            for (var number = 2; number <= 4 && !outcome.Recovered; number++)
            {
                var at = attempts[^1].At.AddHours(random.Next(12, 72));
                if (random.NextDouble() < (at.Hour == bestHour ? 0.6 : 0.1))
                {
                    attempts.Add(PaymentAttempt.Paid(number, at));
                    outcome = RecoveryOutcome.Paid(1900, at);
                }
                else attempts.Add(PaymentAttempt.Declined(number, at, DeclineCategory.InsufficientFunds));
            }
            yield return new FailedInvoice($"in_{i}", $"cus_{i}", 1900, "usd", "visa", null, attempts, outcome);
        }
    }
}
