using Dunning.Contracts;
using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Notification.Sending;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Notification.Consumers;

/// <summary>The first failure of an invoice opens the case: first-failure email now, reminders later. Later failures change nothing.</summary>
public sealed class PaymentFailedConsumer(ConsumerServices services, CaseStore cases, EmailSchedule schedule)
    : IdempotentConsumer<PaymentFailed>(services)
{
    protected override async Task HandleAsync(PaymentFailed message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (await cases.RecordFirstFailureAsync(transaction, message, cancellationToken) == CaseStatus.Open)
            await schedule.StartCadenceAsync(transaction, message.InvoiceId, message.OccurredAt, cancellationToken);
    }
}
