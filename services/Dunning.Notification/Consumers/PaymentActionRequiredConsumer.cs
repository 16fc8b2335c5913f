using Dunning.Contracts;
using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Notification.Sending;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Notification.Consumers;

/// <summary>3-D Secure: the customer must authenticate, so the action-required email goes out now.</summary>
public sealed class PaymentActionRequiredConsumer(ConsumerServices services, CaseStore cases, EmailSchedule schedule)
    : IdempotentConsumer<PaymentActionRequired>(services)
{
    protected override async Task HandleAsync(PaymentActionRequired message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (await cases.RecordActionRequiredAsync(transaction, message, cancellationToken) == CaseStatus.Open)
            await schedule.SendNowAsync(transaction, message.InvoiceId, EmailSteps.ActionRequired, cancellationToken);
    }
}
