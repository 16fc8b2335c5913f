using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary>The card's budget is checked again when the attempt is due: another invoice may have used it up meanwhile.</summary>
public sealed class BudgetAtRunTimeTests(SandboxFixture sandbox) : SchedulerFlowTest(sandbox, new Dictionary<string, string?>
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
        var (subscriber, failed) = await FailedSignUpAsync("pm_sandbox_recoverAfter1");
        var invoice = subscriber.InvoiceId;
        await Host.PublishAsync(failed);
        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'scheduled'") == 1, Timeout,
            "the retry is scheduled");
        // Another invoice charged the same card meanwhile: with the first failure that is the card's 2 attempts in 3 s.
        await Database.ExecuteAsync("INSERT INTO scheduler.card_attempts (fingerprint, at, case_id, source) "
            + $"VALUES ('{failed.Decline.CardFingerprint}', now(), gen_random_uuid(), 'Stripe')");
        var budgetUsedAt = DateTimeOffset.UtcNow;

        await Eventually.HoldsAsync(async () => await Database.StatusAsync(invoice) == "recovered:Retry", Timeout,
            "the postponed retry is made once the budget frees");
        Assert.Equal(1, await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'postponed' AND rule = 'network_budget'"));
        var call = Assert.Single(await Sandbox.PayCallsAsync(invoice));
        Assert.Equal(($"dunning:{await Database.CaseIdAsync(invoice)}:1", "succeeded"), (call.IdempotencyKey, call.Outcome));
        Assert.True(call.At - budgetUsedAt >= TimeSpan.FromSeconds(2.5), "the call waited for the oldest attempt to leave the 3 s window");
    }
}
