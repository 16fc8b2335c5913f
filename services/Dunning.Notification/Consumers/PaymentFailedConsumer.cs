using Dunning.Notification.BusinessWebhooks;
using Dunning.Contracts;
using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Notification.Sending;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Inbox;
using Dunning.Platform.Data;

namespace Dunning.Notification.Consumers;

/// <summary>
/// The first failure of an invoice opens the case: first-failure email now, reminders later (on its test clock, if it has one).
/// Later failures change nothing.
/// </summary>
public sealed class PaymentFailedConsumer(ConsumerServices services, CaseStore cases, EmailSchedule schedule, DueJobStore jobs,
    BusinessWebhookQueue webhooks)
    : IdempotentConsumer<PaymentFailed>(services)
{
    protected override async Task HandleAsync(PaymentFailed message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        // An event on a test clock is dated in the clock's time: the clock has reached it.
        if (message.TestClockId is { } testClock)
            jobs.AdvanceClock(unit, testClock, message.OccurredAt);
        if (await cases.RecordFirstFailureAsync(unit, message, cancellationToken) == CaseStatus.Open)
        {
            schedule.StartCadence(unit, message.InvoiceId, message.OccurredAt, message.TestClockId);
            webhooks.Enqueue(unit, BusinessEvents.CaseOpened(message));
        }
    }
}
