using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Npgsql;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>The subscription ended: its open cases are lost.</summary>
public sealed class SubscriptionCanceledConsumer(ConsumerServices services, CaseStore cases, CaseLifecycle lifecycle)
    : IdempotentConsumer<SubscriptionCanceled>(services)
{
    protected override async Task HandleAsync(SubscriptionCanceled message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var c in await cases.OpenForSubscriptionAsync(transaction, message.SubscriptionId, cancellationToken))
            await lifecycle.CloseLostAsync(transaction, c, LossReason.SubscriptionCanceled, finalAction: false, cancellationToken);
    }
}
