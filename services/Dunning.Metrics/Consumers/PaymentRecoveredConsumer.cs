using Dunning.Contracts;
using Dunning.Metrics.Data;
using Dunning.Platform.Data;
using Dunning.Platform.Inbox;

namespace Dunning.Metrics.Consumers;

/// <summary>Closes a ledger row as recovered; creates it when the close arrives before the failure. A closed row stays closed.</summary>
public sealed class PaymentRecoveredConsumer(ConsumerServices services, LedgerStore ledger) : IdempotentConsumer<PaymentRecovered>(services)
{
    protected override Task HandleAsync(PaymentRecovered message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        LedgerMessageGuard.EnsureValid(message.AmountMinor, message.Currency);
        ledger.CloseRecovered(unit, message);
        return Task.CompletedTask;
    }
}
