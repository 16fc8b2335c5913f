using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Platform.DueJobs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dunning.Notification.Sending;

/// <summary>
/// Turns cadence decisions into durable due jobs (keys <c>email:{invoice}:{step}</c>). Even "now" emails are jobs
/// due now, so an SMTP outage only delays them: the job fails, backs off and runs again.
/// </summary>
public sealed class EmailSchedule(DueJobStore jobs, CaseStore cases, TimeProvider clock, IOptions<NotificationOptions> options)
{
    private CadenceOptions Cadence => options.Value.Cadence;

    public Task SendNowAsync(NpgsqlTransaction transaction, string invoiceId, string step, CancellationToken cancellationToken) =>
        SendAtAsync(transaction, new EmailJob(invoiceId, step), clock.GetUtcNow(), cancellationToken);

    /// <summary>
    /// The first-failure email now, and the reminders counted from the failure (one round trip); on a test clock, in the
    /// clock's time (the first-failure email at the failure, which the clock has reached).
    /// </summary>
    public Task StartCadenceAsync(NpgsqlTransaction transaction, string invoiceId, DateTimeOffset failedAt, string? clockId, CancellationToken cancellationToken) =>
        jobs.ScheduleOnceAsync(transaction, Enabled(clockId,
            (new EmailJob(invoiceId, EmailSteps.FirstFailure), clockId is null ? clock.GetUtcNow() : failedAt),
            (new EmailJob(invoiceId, EmailSteps.ReminderDay3), failedAt + Cadence.FirstReminderAfter),
            (new EmailJob(invoiceId, EmailSteps.ReminderDay7), failedAt + Cadence.SecondReminderAfter)), cancellationToken);

    /// <summary>The final notice ahead of the final attempt (moved when the attempt moves; now if the lead time has passed).</summary>
    public async Task ScheduleFinalNoticeAsync(NpgsqlTransaction transaction, string invoiceId, DateTimeOffset attemptAt, bool cancelsSubscription,
        CancellationToken cancellationToken)
    {
        if (!Cadence.IsEnabled(EmailSteps.FinalNotice)) return;
        var job = new EmailJob(invoiceId, EmailSteps.FinalNotice, attemptAt, cancelsSubscription);
        // On a test clock a time the clock has passed is due at once, as "now" is on wall time.
        var clockId = await cases.ClockOfAsync(transaction, invoiceId, cancellationToken);
        var at = clockId is null ? Max(attemptAt - Cadence.FinalNoticeBefore, clock.GetUtcNow()) : attemptAt - Cadence.FinalNoticeBefore;
        await jobs.ScheduleAsync(transaction, job.Key, EmailJob.Kind, job, at, cancellationToken, clockId);
    }

    /// <summary>Drops every email of the invoice still waiting (the case closed).</summary>
    public Task<int> CancelPendingAsync(NpgsqlTransaction transaction, string invoiceId, CancellationToken cancellationToken) =>
        jobs.CancelAsync(transaction, EmailJob.KeysOf(invoiceId), cancellationToken);

    private Task SendAtAsync(NpgsqlTransaction transaction, EmailJob job, DateTimeOffset at, CancellationToken cancellationToken) =>
        jobs.ScheduleOnceAsync(transaction, Enabled(null, (job, at)), cancellationToken);

    private List<NewDueJob> Enabled(string? clockId, params (EmailJob Job, DateTimeOffset At)[] emails) =>
        emails.Where(e => Cadence.IsEnabled(e.Job.Step)).Select(e => new NewDueJob(e.Job.Key, EmailJob.Kind, e.Job, e.At, clockId)).ToList();

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
