using Dunning.Contracts;
using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary>
/// Cases on Stripe test clocks run on the clock's time, with the production policy's days: a failure on a clock advanced a
/// month into the future is retried when the clock reaches each planned attempt, never by wall time; two clocks run side by
/// side; the window closes on the clock. The clock's time reaches the scheduler as TestClockAdvanced (Stripe's
/// test_helpers.test_clock.* events) and as the time of the failures of objects on it.
/// </summary>
public sealed class TestClockTests(SandboxFixture sandbox) : SchedulerFlowTest(sandbox, new Dictionary<string, string?>
{
    ["RetryPolicy:MaxAttempts"] = "8",
    ["RetryPolicy:Window"] = "14.00:00:00",
    ["RetryPolicy:FirstRetryAfter"] = "1.00:00:00",
    ["RetryPolicy:BackoffFactor"] = "1.25",
    ["RetryPolicy:BackoffCap"] = "2.00:00:00",
    ["RetryPolicy:MinSpacing"] = "12:00:00",
})
{
    private static readonly DateTimeOffset MonthAhead = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds());

    [Fact]
    public async Task A_failure_on_a_clock_a_month_ahead_is_retried_on_the_policys_days_as_the_clock_advances()
    {
        var clock = $"clock_{Guid.NewGuid():N}";
        var (subscriber, failed) = await FailedSignUpAsync("pm_card_chargeDeclined");
        await Host.PublishAsync(failed with { OccurredAt = MonthAhead, TestClockId = clock, Livemode = false });
        await Eventually.HoldsAsync(async () => await NextAttemptAsync(subscriber.InvoiceId) == MonthAhead.AddDays(1), Timeout,
            "the first retry is planned a day after the failure, in clock time");
        Assert.Equal(1, await Database.CountAsync($"SELECT count(*) FROM scheduler.due_jobs WHERE clock_id = '{clock}' AND due_at = 'infinity'"));

        await AdvanceAsync(clock, MonthAhead.AddHours(23));
        Assert.Empty(await PayCallsAsync(subscriber.InvoiceId));

        await AdvanceAsync(clock, MonthAhead.AddDays(1));
        await Eventually.HoldsAsync(async () => (await PayCallsAsync(subscriber.InvoiceId)).Count == 1, Timeout, "the clock reached the first retry");
        await Eventually.HoldsAsync(async () => await NextAttemptAsync(subscriber.InvoiceId) == MonthAhead.AddDays(1 + 1.25), Timeout,
            "the second retry is planned 1.25 days later, in clock time");

        await AdvanceAsync(clock, MonthAhead.AddDays(2));
        Assert.Single(await PayCallsAsync(subscriber.InvoiceId));
        await AdvanceAsync(clock, MonthAhead.AddDays(2.25));
        await Eventually.HoldsAsync(async () => (await PayCallsAsync(subscriber.InvoiceId)).Count == 2, Timeout, "the clock reached the second retry");
        Assert.Equal(2, await Database.CountAsync(
            $"SELECT count(*) FROM scheduler.case_events WHERE kind = 'attempt' AND attempt_source = 'Scheduled' AND at >= '{MonthAhead:O}'"));
    }

    [Fact]
    public async Task Two_clocks_at_different_times_run_side_by_side()
    {
        var (early, late) = ($"clock_{Guid.NewGuid():N}", $"clock_{Guid.NewGuid():N}");
        var (first, firstFailed) = await FailedSignUpAsync("pm_card_chargeDeclined");
        var (second, secondFailed) = await FailedSignUpAsync("pm_card_chargeDeclined");
        await Host.PublishAsync(firstFailed with { OccurredAt = MonthAhead, TestClockId = early, Livemode = false });
        await Host.PublishAsync(secondFailed with { OccurredAt = MonthAhead.AddDays(60), TestClockId = late, Livemode = false });
        await Eventually.HoldsAsync(async () => await NextAttemptAsync(second.InvoiceId) == MonthAhead.AddDays(61), Timeout,
            "both cases are planned on their clocks");

        await AdvanceAsync(early, MonthAhead.AddDays(1));

        await Eventually.HoldsAsync(async () => (await PayCallsAsync(first.InvoiceId)).Count == 1, Timeout, "the early clock's case is retried");
        Assert.Empty(await PayCallsAsync(second.InvoiceId));
    }

    [Fact]
    public async Task A_case_waiting_for_a_new_card_is_lost_when_its_clock_passes_the_window()
    {
        var clock = $"clock_{Guid.NewGuid():N}";
        var (subscriber, failed) = await FailedSignUpAsync("pm_card_chargeDeclinedStolenCard");
        await Host.PublishAsync(failed with { OccurredAt = MonthAhead, TestClockId = clock, Livemode = false });
        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'awaiting_new_card'") == 1,
            Timeout, "the case waits for a new card");

        await AdvanceAsync(clock, MonthAhead.AddDays(13));
        Assert.Equal("open:", await Database.StatusAsync(subscriber.InvoiceId));

        await AdvanceAsync(clock, MonthAhead.AddDays(14));
        await Eventually.HoldsAsync(async () => await Database.StatusAsync(subscriber.InvoiceId) == "lost:HardDecline", Timeout,
            "the window closed on the clock");
        Assert.Equal(1, await Database.CountAsync($"SELECT count(*) FROM scheduler.cases WHERE closed_at = '{MonthAhead.AddDays(14):O}'"));
    }

    /// <summary>Stripe reports the clock's new time; returns once the scheduler has taken it in.</summary>
    private async Task AdvanceAsync(string clock, DateTimeOffset to)
    {
        var id = $"evt_clock_{Guid.NewGuid():N}";
        var before = await Database.CountAsync("SELECT count(*) FROM scheduler.inbox WHERE consumer = 'TestClockAdvancedConsumer'");
        await Host.PublishAsync(new TestClockAdvanced(id, clock, to));
        const string clockStepsConsumed = "SELECT count(*) FROM scheduler.inbox WHERE consumer = 'TestClockAdvancedConsumer'";
        await Eventually.HoldsAsync(async () => await Database.CountAsync(clockStepsConsumed) > before,
            Timeout, $"the clock's move to {to:u} is consumed");
        // The jobs it made due, if any, have run (and committed) once every job waits for its clock again: a job due or running
        // has a wall due time (now, or its lease).
        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.due_jobs WHERE due_at < 'infinity'") == 0,
            Timeout, "the jobs the clock made due have run");
    }

    private async Task<DateTimeOffset?> NextAttemptAsync(string invoiceId)
    {
        await using var command = Database.DataSource.CreateCommand("SELECT next_attempt_at FROM scheduler.cases WHERE invoice_id = @id");
        command.Parameters.AddWithValue("id", invoiceId);
        return await command.ExecuteScalarAsync() is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }
}
