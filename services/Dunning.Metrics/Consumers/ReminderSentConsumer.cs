using Dunning.Contracts;
using Dunning.Metrics.Data;
using Dunning.Platform.Data;
using Dunning.Platform.Inbox;

namespace Dunning.Metrics.Consumers;

/// <summary>Counts reminder emails on the ledger row (when it exists; counts are informational).</summary>
public sealed class ReminderSentConsumer(ConsumerServices services, LedgerStore ledger) : IdempotentConsumer<ReminderSent>(services)
{
    protected override Task HandleAsync(ReminderSent message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        ledger.CountReminder(unit, message);
        return Task.CompletedTask;
    }
}
