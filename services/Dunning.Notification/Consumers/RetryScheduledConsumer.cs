using Dunning.Notification.BusinessWebhooks;
using Dunning.Contracts;
using Dunning.Notification.Data;
using Dunning.Notification.Sending;
using Dunning.Platform.Inbox;
using Dunning.Platform.Data;

namespace Dunning.Notification.Consumers;

/// <summary>
/// An attempt was planned: the case's grace period is recorded (and the business told ahead of its end); before a final
/// attempt, the final notice goes out ahead of it.
/// </summary>
public sealed class RetryScheduledConsumer(ConsumerServices services, EmailSchedule schedule, CaseStore cases, GraceEndingJob graceEnding)
    : IdempotentConsumer<RetryScheduled>(services)
{
    protected override async Task HandleAsync(RetryScheduled message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        if (message.DunningEndsAt is { } graceUntil)
        {
            cases.RecordGraceUntil(unit, message.InvoiceId, graceUntil);
            await graceEnding.PlanAsync(unit, message.InvoiceId, graceUntil, cancellationToken);
        }
        if (message.IsFinalAttempt)
            await schedule.ScheduleFinalNoticeAsync(unit, message.InvoiceId, message.ScheduledFor, message.CancelsSubscription, cancellationToken);
    }
}
