using Dunning.Notification.BusinessWebhooks;
using Dunning.Contracts;
using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Notification.Sending;
using Dunning.Platform.Inbox;
using Dunning.Platform.Data;

namespace Dunning.Notification.Consumers;

/// <summary>3-D Secure: the customer must authenticate, so the action-required email goes out now.</summary>
public sealed class PaymentActionRequiredConsumer(ConsumerServices services, CaseStore cases, EmailSchedule schedule, BusinessWebhookQueue webhooks)
    : IdempotentConsumer<PaymentActionRequired>(services)
{
    protected override async Task HandleAsync(PaymentActionRequired message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        if (await cases.RecordActionRequiredAsync(unit, message, cancellationToken) == CaseStatus.Open)
        {
            schedule.SendNow(unit, message.InvoiceId, EmailSteps.ActionRequired);
            webhooks.Enqueue(unit, BusinessEvents.ActionRequiredOf(message));
        }
    }
}
