using Dunning.Contracts;
using Dunning.Notification.BusinessWebhooks;
using Dunning.Platform.Data;
using Dunning.Platform.Inbox;

namespace Dunning.Notification.Consumers;

/// <summary>A retry of ours failed: the business hears of it (<c>dunning.case.retry_failed</c>); the customer's emails keep their cadence.</summary>
public sealed class RetryAttemptedConsumer(ConsumerServices services, BusinessWebhookQueue webhooks) : IdempotentConsumer<RetryAttempted>(services)
{
    protected override Task HandleAsync(RetryAttempted message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        if (!message.Succeeded)
            webhooks.Enqueue(unit, BusinessEvents.RetryFailedOf(message));
        return Task.CompletedTask;
    }
}
