using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary>The card's budget is checked again when the attempt is due: another invoice may have used it up meanwhile.</summary>
public sealed class BudgetAtRunTimeTests() : SchedulerFlowTest(new Dictionary<string, string?>
{
    ["RetryPolicy:FirstRetryAfter"] = "00:00:01.500",
    ["RetryPolicy:MinSpacing"] = "00:00:01.500",
    ["RetryPolicy:Visa:MaxAttempts"] = "2",
    ["RetryPolicy:Visa:Period"] = "00:00:03",
})
{
    [Fact]
    public async Task A_due_attempt_that_would_break_the_card_budget_is_postponed_not_sent()
    {
        await Host.PublishAsync(Messages.Failed("in_budget"));
        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'scheduled'") == 1, Timeout, "the retry is scheduled");
        await Database.ExecuteAsync("INSERT INTO scheduler.card_attempts (fingerprint, at, case_id, source) VALUES ('fp_in_budget', now(), gen_random_uuid(), 'Stripe')");
        var budgetUsedAt = DateTimeOffset.UtcNow;

        await Eventually.HoldsAsync(async () => await Database.StatusAsync("in_budget") == "recovered:Retry", Timeout, "the postponed retry is made once the budget frees");
        Assert.Equal(1, await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'postponed' AND rule = 'network_budget'"));
        Assert.Single(Stripe.PayCalls);
        Assert.True(DateTimeOffset.UtcNow - budgetUsedAt >= TimeSpan.FromSeconds(2.5), "the call waited for the oldest attempt to leave the 3 s window");
    }
}
