using Dunning.Contracts;
using Dunning.Metrics.Data;
using Dunning.Platform.Data;
using Dunning.Platform.Inbox;

namespace Dunning.Metrics.Consumers;

/// <summary>Records an expiring-card reminder that went out (the summary counts it on its day).</summary>
public sealed class ExpiringCardRemindedConsumer(ConsumerServices services, ExpiringCardStore reminders)
    : IdempotentConsumer<ExpiringCardReminded>(services)
{
    protected override Task HandleAsync(ExpiringCardReminded message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        reminders.Reminded(unit, message);
        return Task.CompletedTask;
    }
}
