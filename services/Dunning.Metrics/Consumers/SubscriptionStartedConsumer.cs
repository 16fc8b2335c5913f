using Dunning.Contracts;
using Dunning.Metrics.Data;
using Dunning.Platform.Data;
using Dunning.Platform.Inbox;

namespace Dunning.Metrics.Consumers;

/// <summary>Records when a subscription started (the earliest start wins; a cancel that arrived first is kept).</summary>
public sealed class SubscriptionStartedConsumer(ConsumerServices services, SubscriptionStore subscriptions) : IdempotentConsumer<SubscriptionStarted>(services)
{
    protected override Task HandleAsync(SubscriptionStarted message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        subscriptions.Start(unit, message);
        return Task.CompletedTask;
    }
}
