using Dunning.Contracts;
using Dunning.Notification.Tests.Support;
using Dunning.Testing;

namespace Dunning.Notification.Tests.Sending;

/// <summary>
/// A case on a Stripe test clock gets its reminders on day 3 and day 7 of the clock's time, as the clock advances (Stripe's
/// test_helpers.test_clock.* events), never by wall time: the clock here is a month ahead of wall time.
/// </summary>
public sealed class TestClockCadenceTests(NotificationService service) : IClassFixture<NotificationService>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Reminders_go_out_on_day_3_and_day_7_of_the_clocks_time()
    {
        var clock = $"clock_{Guid.NewGuid():N}";
        var failedAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds());
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        await service.PublishAsync(scenario.Failed(failedAt) with { TestClockId = clock, Livemode = false });

        Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1)); // the first-failure email: the clock has reached the failure
        await AdvanceAsync(clock, failedAt.AddDays(3).AddSeconds(-1));
        Assert.Equal(1, await service.SentAsync(scenario.InvoiceId));

        await AdvanceAsync(clock, failedAt.AddDays(3));
        Assert.Single(await Maildev.WaitForAsync(scenario.Email, 2), e => e.Subject.StartsWith("Reminder:", StringComparison.Ordinal));
        await AdvanceAsync(clock, failedAt.AddDays(6));
        Assert.Equal(2, await service.SentAsync(scenario.InvoiceId));

        await AdvanceAsync(clock, failedAt.AddDays(7));
        await Maildev.WaitForAsync(scenario.Email, 3);
        Assert.Equal(3, await service.SentAsync(scenario.InvoiceId));
        Assert.Equal(0, await service.PendingJobsAsync(scenario.InvoiceId));
        // Recorded and reported in the clock's time, the time a rehearsal's reader and the reports measure the case in
        foreach (var (step, at) in new[] { ("first_failure", failedAt), ("reminder_day3", failedAt.AddDays(3)), ("reminder_day7", failedAt.AddDays(7)) })
        {
            Assert.Equal(1, await service.Database.CountAsync(
                $"SELECT count(*) FROM notification.sent_emails WHERE invoice_id = '{scenario.InvoiceId}' AND step = '{step}' AND case_sent_at = '{at:O}'"));
            Assert.Equal(1, await service.Database.CountAsync($"SELECT count(*) FROM notification.outbox WHERE message_type LIKE '%ReminderSent%' " +
                $"AND body->>'invoiceId' = '{scenario.InvoiceId}' AND body->>'step' = '{step}' AND (body->>'sentAt')::timestamptz = '{at:O}'"));
        }
    }

    /// <summary>Stripe reports the clock's new time; returns once the service took it in and ran what it made due.</summary>
    private async Task AdvanceAsync(string clock, DateTimeOffset to)
    {
        await service.PublishAsync(new TestClockAdvanced($"evt_clock_{Guid.NewGuid():N}", clock, to));
        await Eventually.HoldsAsync(async () => await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.test_clocks WHERE clock_id = '{clock}' AND frozen_time = '{to:O}'") == 1,
            Wait, $"the clock's move to {to:u} is taken in");
        await Eventually.HoldsAsync(async () => await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.due_jobs WHERE clock_id = '{clock}' AND due_at < 'infinity'") == 0, Wait, "what the clock made due has run");
    }
}
