using Dunning.Contracts;
using Dunning.Metrics.Data;
using Dunning.Platform.Data;
using Dunning.Platform.Inbox;

namespace Dunning.Metrics.Consumers;

/// <summary>Counts retry attempts on the ledger row (when it exists; counts are informational).</summary>
public sealed class RetryAttemptedConsumer(ConsumerServices services, LedgerStore ledger) : IdempotentConsumer<RetryAttempted>(services)
{
    protected override Task HandleAsync(RetryAttempted message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        ledger.CountAttempt(unit, message);
        return Task.CompletedTask;
    }
}
