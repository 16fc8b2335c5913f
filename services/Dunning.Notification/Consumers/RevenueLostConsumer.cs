using Dunning.Notification.BusinessWebhooks;
using Dunning.Contracts;
using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Notification.Sending;
using Dunning.Platform.Inbox;
using Microsoft.Extensions.Options;
using Dunning.Platform.Data;

namespace Dunning.Notification.Consumers;

/// <summary>
/// The case closed as lost: pending reminders are dropped; when the reason earns a closing email, the win-back if the
/// subscription is canceled, else one that says the retries ended and the payment is still due (never "canceled" when it is not).
/// </summary>
public sealed class RevenueLostConsumer(ConsumerServices services, CaseStore cases, EmailSchedule schedule, IOptions<NotificationOptions> options,
    BusinessWebhookQueue webhooks)
    : IdempotentConsumer<RevenueLost>(services)
{
    protected override async Task HandleAsync(RevenueLost message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        schedule.CancelPending(unit, message.InvoiceId);
        if (await cases.CloseAsync(unit, message.InvoiceId, CaseStatus.Lost, cancellationToken)
            && options.Value.Cadence.WinBackReasons.Contains(message.Reason))
            schedule.SendNow(unit, message.InvoiceId, ClosingStep(message));
        webhooks.Enqueue(unit, BusinessEvents.LostOf(message));
    }

    private static string ClosingStep(RevenueLost message) =>
        message.CancelsSubscription || message.Reason == LossReason.SubscriptionCanceled ? EmailSteps.WinBack : EmailSteps.RetriesEnded;
}
