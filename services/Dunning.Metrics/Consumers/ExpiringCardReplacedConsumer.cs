using Dunning.Contracts;
using Dunning.Metrics.Data;
using Dunning.Platform.Data;
using Dunning.Platform.Inbox;

namespace Dunning.Metrics.Consumers;

/// <summary>Records a failure prevented: the reminded card was replaced before the renewal (it may arrive before its reminder).</summary>
public sealed class ExpiringCardReplacedConsumer(ConsumerServices services, ExpiringCardStore reminders)
    : IdempotentConsumer<ExpiringCardReplaced>(services)
{
    protected override Task HandleAsync(ExpiringCardReplaced message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        reminders.Replaced(unit, message);
        return Task.CompletedTask;
    }
}
