using Dunning.Contracts;
using Dunning.Metrics.Data;
using Dunning.Platform.Data;
using Dunning.Platform.Inbox;

namespace Dunning.Metrics.Consumers;

/// <summary>
/// Records when and why a subscription ended (the first cancellation wins). A subscription whose payment was already
/// lost (retries exhausted or a hard decline) ended because of failed payment, whatever reason Stripe recorded.
/// </summary>
public sealed class SubscriptionCanceledConsumer(ConsumerServices services, SubscriptionStore subscriptions)
    : IdempotentConsumer<SubscriptionCanceled>(services)
{
    protected override Task HandleAsync(SubscriptionCanceled message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        subscriptions.Cancel(unit, message);
        return Task.CompletedTask;
    }
}
