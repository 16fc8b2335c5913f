using Dunning.Contracts;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Notification.Consumers;

/// <summary>A Stripe test clock moved: the reminders and final notices of its cases that fall due by then go out.</summary>
public sealed class TestClockAdvancedConsumer(ConsumerServices services, DueJobStore jobs) : IdempotentConsumer<TestClockAdvanced>(services)
{
    protected override Task HandleAsync(TestClockAdvanced message, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        jobs.AdvanceClockAsync(transaction, message.ClockId, message.FrozenTime, cancellationToken);
}
