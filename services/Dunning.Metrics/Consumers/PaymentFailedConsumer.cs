using Dunning.Contracts;
using Dunning.Metrics.Data;
using Dunning.Platform.Data;
using Dunning.Platform.Inbox;

namespace Dunning.Metrics.Consumers;

/// <summary>Opens the ledger row of a failed invoice, once per invoice whatever the redeliveries or order (<see cref="LedgerStore.Open"/>).</summary>
public sealed class PaymentFailedConsumer(ConsumerServices services, LedgerStore ledger) : IdempotentConsumer<PaymentFailed>(services)
{
    protected override Task HandleAsync(PaymentFailed message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        LedgerMessageGuard.EnsureValid(message.AmountMinor, message.Currency);
        ledger.Open(unit, message);
        return Task.CompletedTask;
    }
}
