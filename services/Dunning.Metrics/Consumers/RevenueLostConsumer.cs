using Dunning.Contracts;
using Dunning.Metrics.Data;
using Dunning.Platform.Data;
using Dunning.Platform.Inbox;

namespace Dunning.Metrics.Consumers;

/// <summary>
/// Closes a ledger row as lost; creates it when the close arrives before the failure. A closed row stays closed. A payment lost for
/// payment reasons makes a cancellation of its subscription recorded earlier involuntary (<see cref="InvoluntaryChurn"/>).
/// </summary>
public sealed class RevenueLostConsumer(ConsumerServices services, LedgerStore ledger, SubscriptionStore subscriptions)
    : IdempotentConsumer<RevenueLost>(services)
{
    protected override Task HandleAsync(RevenueLost message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        LedgerMessageGuard.EnsureValid(message.AmountMinor, message.Currency);
        ledger.CloseLost(unit, message);
        if (message.SubscriptionId is not null && InvoluntaryChurn.IsPaymentLoss(message.Reason))
            subscriptions.MarkInvoluntary(unit, message.SubscriptionId);
        return Task.CompletedTask;
    }
}
