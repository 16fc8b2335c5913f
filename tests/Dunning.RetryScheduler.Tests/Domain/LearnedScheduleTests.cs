using CsCheck;
using Dunning.Lab.History;
using Dunning.Lab.Learning;
using Dunning.RetryScheduler.Domain;
using Dunning.RetryScheduler.Tests.Support;

namespace Dunning.RetryScheduler.Tests.Domain;

/// <summary>
/// The live scheduler's learned timing (<see cref="RetryTiming.Learned"/>): the hour the model predicts best, inside everything the
/// schedule keeps, with a model for which 09:00 UTC is the best hour (<see cref="BestHourModel"/>).
/// </summary>
public sealed class LearnedScheduleTests
{
    private static readonly RetryPolicyOptions Learned = new() { Timing = RetryTiming.Learned };
    private static readonly Lazy<LearnedTiming> Timing = new(() => BestHourModel.Timing(9));

    [Fact]
    public void After_a_decline_the_retry_goes_at_the_hour_the_model_predicts_best_where_the_backoff_would_not()
    {
        var failedAt = new DateTimeOffset(2026, 11, 3, 23, 0, 0, TimeSpan.Zero);
        var history = new CaseHistory(Guid.NewGuid(), failedAt, [new PastAttempt(failedAt, AttemptSource.Stripe, Declines.Of("insufficient_funds"))]);
        var card = new CardBudgetState("visa", [failedAt]);

        var scheduled = Assert.IsType<RetryAt>(RetrySchedule.Next(history, card, Learned, failedAt));
        var learned = Assert.IsType<RetryAt>(LearnedSchedule.Next(history, card, Learned, Timing.Value, State(history), failedAt));

        Assert.Equal(9, learned.At.Hour);
        Assert.NotEqual(9, scheduled.At.Hour);
        Assert.True(learned.At >= failedAt + Learned.FirstRetryAfter, $"{learned.At:u} before the first-retry delay");
        Assert.Equal((scheduled.AttemptNumber, scheduled.Rule), (learned.AttemptNumber, learned.Rule));
        Assert.StartsWith("learned timing", learned.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_learned_retry_never_breaks_the_cap_window_budgets_spacing_quiet_hours_or_a_hard_decline() =>
        RetrySchedulePropertyTests.GenCase.Sample(sample =>
        {
            var (history, card, now) = sample;
            var decision = LearnedSchedule.Next(history, card, Learned, Timing.Value, State(history), now);
            if (RetrySchedule.Next(history, card, Learned, now) is StopRetrying stop)
                Assert.Equal(stop, decision); // no next attempt for the schedule is none for the learned timing either
            if (decision is RetryAt next)
                RetrySchedulePropertyTests.KeepsTheRules(history, card, Learned, now, next);
        }, iter: 2_000);

    private static RetryState State(CaseHistory history) => LearnedSchedule.StateOf(history, "visa", 1900, "usd");
}
