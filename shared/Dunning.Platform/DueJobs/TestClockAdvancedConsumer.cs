using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Dunning.Platform.Data;

namespace Dunning.Platform.DueJobs;

/// <summary>
/// A Stripe test clock moved: this service's due jobs on that clock that fall due by then run (the scheduler's retries and
/// final actions, the notification service's reminders). Each service registers it and gets its own queue.
/// </summary>
public sealed class TestClockAdvancedConsumer(ConsumerServices services, DueJobStore jobs) : IdempotentConsumer<TestClockAdvanced>(services)
{
    protected override Task HandleAsync(TestClockAdvanced message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        jobs.AdvanceClock(unit, message.ClockId, message.FrozenTime);
        return Task.CompletedTask;
    }
}
