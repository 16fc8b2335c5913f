using Dunning.Contracts;
using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Notification.Sending;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Notification.Consumers;

/// <summary>The case closed as recovered: pending reminders are dropped and a thank-you goes out.</summary>
public sealed class PaymentRecoveredConsumer(ConsumerServices services, CaseStore cases, EmailSchedule schedule)
    : IdempotentConsumer<PaymentRecovered>(services)
{
    protected override async Task HandleAsync(PaymentRecovered message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await schedule.CancelPendingAsync(transaction, message.InvoiceId, cancellationToken);
        if (await cases.CloseAsync(transaction, message.InvoiceId, CaseStatus.Recovered, cancellationToken))
            await schedule.SendNowAsync(transaction, message.InvoiceId, EmailSteps.Recovered, cancellationToken);
    }
}
