using Dunning.Contracts;
using Dunning.Notification.Sending;
using Dunning.Platform.Inbox;
using Dunning.Platform.Data;

namespace Dunning.Notification.Consumers;

/// <summary>A final attempt was planned: the final notice goes out ahead of it.</summary>
public sealed class RetryScheduledConsumer(ConsumerServices services, EmailSchedule schedule)
    : IdempotentConsumer<RetryScheduled>(services)
{
    protected override async Task HandleAsync(RetryScheduled message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        if (message.IsFinalAttempt)
            await schedule.ScheduleFinalNoticeAsync(unit, message.InvoiceId, message.ScheduledFor, message.CancelsSubscription, cancellationToken);
    }
}
