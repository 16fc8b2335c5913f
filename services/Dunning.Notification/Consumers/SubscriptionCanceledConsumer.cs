using Dunning.Contracts;
using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Notification.Sending;
using Dunning.Platform.Inbox;
using Dunning.Platform.Data;

namespace Dunning.Notification.Consumers;

/// <summary>Canceled for non-payment: every unrecovered case of the subscription closes with a win-back email.</summary>
public sealed class SubscriptionCanceledConsumer(ConsumerServices services, CaseStore cases, EmailSchedule schedule)
    : IdempotentConsumer<SubscriptionCanceled>(services)
{
    protected override async Task HandleAsync(SubscriptionCanceled message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        if (!message.ForNonPayment) return;
        foreach (var invoiceId in await cases.CloseSubscriptionAsync(unit, message.SubscriptionId, CaseStatus.Lost, cancellationToken))
        {
            schedule.CancelPending(unit, invoiceId);
            schedule.SendNow(unit, invoiceId, EmailSteps.WinBack);
        }
    }
}
