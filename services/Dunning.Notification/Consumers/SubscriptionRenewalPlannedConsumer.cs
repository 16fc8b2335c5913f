using Dunning.Contracts;
using Dunning.Notification.ExpiringCards;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Inbox;

namespace Dunning.Notification.Consumers;

/// <summary>A subscription's next renewal: plans its expiring-card reminder (consumed only while <c>ExpiringCards:Enabled</c>).</summary>
public sealed class SubscriptionRenewalPlannedConsumer(ConsumerServices services, ExpiringCardJob reminders, DueJobStore jobs)
    : IdempotentConsumer<SubscriptionRenewalPlanned>(services)
{
    protected override Task HandleAsync(SubscriptionRenewalPlanned message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        // An event on a test clock is dated in the clock's time: the clock has reached it.
        if (message.TestClockId is { } testClock)
            jobs.AdvanceClock(unit, testClock, message.OccurredAt);
        reminders.Plan(unit, message);
        return Task.CompletedTask;
    }
}
