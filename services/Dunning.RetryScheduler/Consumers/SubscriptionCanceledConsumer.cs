using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.Inbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>The subscription ended: its open cases are lost.</summary>
public sealed class SubscriptionCanceledConsumer(ConsumerServices services, CaseRepository cases, CaseClock clock)
    : IdempotentConsumer<SubscriptionCanceled>(services)
{
    protected override async Task HandleAsync(SubscriptionCanceled message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        foreach (var c in await cases.OpenForSubscriptionAsync(unit, message.SubscriptionId, cancellationToken))
        {
            c.CloseLost(LossReason.SubscriptionCanceled, finalAction: false, await clock.NowAsync(unit, c, cancellationToken));
            await cases.SaveAsync(unit, c, cancellationToken);
        }
    }
}
