using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Microsoft.Extensions.Options;

namespace Dunning.Notification.BusinessWebhooks;

/// <summary>
/// Where consumers hand an event for the business: recorded once by its id and delivered by a due job
/// (<see cref="BusinessWebhookSender"/>) after the unit of work commits, so an event exists exactly when its effect does.
/// Both are deferred writes (no round trip of their own): the same effect told again records nothing and at most runs a job
/// that finds its event already delivered. Nothing is recorded while webhooks are off.
/// </summary>
public sealed class BusinessWebhookQueue(BusinessWebhookLog log, DueJobStore jobs, IOptions<BusinessWebhookOptions> options, TimeProvider clock)
{
    public void Enqueue(UnitOfWork unit, BusinessEvent e)
    {
        if (!options.Value.Enabled) return;
        log.Add(unit, e);
        jobs.ScheduleOnce(unit, DeliveryJob(e.Id));
    }

    /// <summary>Sends a recorded event again (the ops view's re-send); false for an unknown event.</summary>
    public async Task<bool> ResendAsync(UnitOfWork unit, string eventId, CancellationToken cancellationToken)
    {
        if (!await log.ResendAsync(unit, eventId, cancellationToken)) return false;
        jobs.Schedule(unit, DeliveryJob(eventId));
        return true;
    }

    // Deliveries run on wall time, also for a case on a test clock: the business hears of an effect when it happens.
    private NewDueJob DeliveryJob(string eventId) =>
        new($"webhook:{eventId}", BusinessWebhookSender.JobKind, new BusinessWebhookJob(eventId), clock.GetUtcNow());
}

/// <summary>The payload of a delivery job: the event to send.</summary>
public sealed record BusinessWebhookJob(string EventId);
