using Dunning.Contracts;
using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Notification.Sending;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Notification.Consumers;

/// <summary>The first failure of an invoice opens the case: first-failure email now, reminders later (on its test clock, if it has one). Later failures change nothing.</summary>
public sealed class PaymentFailedConsumer(ConsumerServices services, CaseStore cases, EmailSchedule schedule, DueJobStore jobs)
    : IdempotentConsumer<PaymentFailed>(services)
{
    protected override async Task HandleAsync(PaymentFailed message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // An event on a test clock is dated in the clock's time: the clock has reached it.
        if (message.TestClockId is { } testClock)
            await jobs.AdvanceClockAsync(transaction, testClock, message.OccurredAt, cancellationToken);
        if (await cases.RecordFirstFailureAsync(transaction, message, cancellationToken) == CaseStatus.Open)
            await schedule.StartCadenceAsync(transaction, message.InvoiceId, message.OccurredAt, message.TestClockId, cancellationToken);
    }
}
