using Dunning.Notification.BusinessWebhooks;
using Dunning.Contracts;
using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Notification.Sending;
using Dunning.Platform.Inbox;
using Dunning.Platform.Data;

namespace Dunning.Notification.Consumers;

/// <summary>The case closed as recovered: pending reminders are dropped and a thank-you goes out.</summary>
public sealed class PaymentRecoveredConsumer(ConsumerServices services, CaseStore cases, EmailSchedule schedule, BusinessWebhookQueue webhooks)
    : IdempotentConsumer<PaymentRecovered>(services)
{
    protected override async Task HandleAsync(PaymentRecovered message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        schedule.CancelPending(unit, message.InvoiceId);
        if (await cases.CloseAsync(unit, message.InvoiceId, CaseStatus.Recovered, cancellationToken))
            schedule.SendNow(unit, message.InvoiceId, EmailSteps.Recovered);
        webhooks.Enqueue(unit, BusinessEvents.RecoveredOf(message));
    }
}
