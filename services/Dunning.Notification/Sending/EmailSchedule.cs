using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Microsoft.Extensions.Options;

namespace Dunning.Notification.Sending;

/// <summary>
/// Turns cadence decisions into durable due jobs (keys <c>email:{invoice}:{step}</c>). Even "now" emails are jobs
/// due now, so an SMTP outage only delays them: the job fails, backs off and runs again.
/// </summary>
public sealed class EmailSchedule(DueJobStore jobs, CaseStore cases, TimeProvider clock, IOptions<NotificationOptions> options)
{
    private CadenceOptions Cadence => options.Value.Cadence;

    public void SendNow(UnitOfWork unit, string invoiceId, string step) => ScheduleOnce(unit, null, (new EmailJob(invoiceId, step), clock.GetUtcNow()));

    /// <summary>
    /// The first-failure email now, and the reminders counted from the failure; on a test clock, in the clock's time (the
    /// first-failure email at the failure, which the clock has reached).
    /// </summary>
    public void StartCadence(UnitOfWork unit, string invoiceId, DateTimeOffset failedAt, string? clockId) =>
        ScheduleOnce(unit, clockId,
            (new EmailJob(invoiceId, EmailSteps.FirstFailure), clockId is null ? clock.GetUtcNow() : failedAt),
            (new EmailJob(invoiceId, EmailSteps.ReminderDay3), failedAt + Cadence.FirstReminderAfter),
            (new EmailJob(invoiceId, EmailSteps.ReminderDay7), failedAt + Cadence.SecondReminderAfter));

    /// <summary>The final notice ahead of the final attempt (moved when the attempt moves; now if the lead time has passed).</summary>
    public async Task ScheduleFinalNoticeAsync(UnitOfWork unit, string invoiceId, DateTimeOffset attemptAt, bool cancelsSubscription,
        CancellationToken cancellationToken)
    {
        if (!Cadence.IsEnabled(EmailSteps.FinalNotice)) return;
        var job = new EmailJob(invoiceId, EmailSteps.FinalNotice, attemptAt, cancelsSubscription);
        // On a test clock a time the clock has passed is due at once, as "now" is on wall time.
        var clockId = await cases.ClockOfAsync(unit, invoiceId, cancellationToken);
        var at = clockId is null ? Max(attemptAt - Cadence.FinalNoticeBefore, clock.GetUtcNow()) : attemptAt - Cadence.FinalNoticeBefore;
        jobs.Schedule(unit, new NewDueJob(job.Key, EmailJob.Kind, job, at, clockId));
    }

    /// <summary>Drops every email of the invoice still waiting (the case closed).</summary>
    public void CancelPending(UnitOfWork unit, string invoiceId) => jobs.Cancel(unit, EmailJob.KeysOf(invoiceId));

    private void ScheduleOnce(UnitOfWork unit, string? clockId, params (EmailJob Job, DateTimeOffset At)[] emails)
    {
        foreach (var (job, at) in emails.Where(e => Cadence.IsEnabled(e.Job.Step)))
            jobs.ScheduleOnce(unit, new NewDueJob(job.Key, EmailJob.Kind, job, at, clockId));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
