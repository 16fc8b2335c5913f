using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Microsoft.Extensions.Options;

namespace Dunning.Notification.BusinessWebhooks;

/// <summary>The payload of a grace-ending job: the case, and the grace end it was planned for.</summary>
public sealed record GraceEnding(string InvoiceId, DateTimeOffset GraceUntil);

/// <summary>
/// <c>dunning.case.grace_ending</c>, <see cref="BusinessWebhookOptions.GraceEndingBefore"/> ahead of the case's grace end, in the
/// case's own time (its test clock's, if it runs on one). One job per case, moved by each new plan; it sends nothing for a
/// case that closed or whose grace end moved since. The plan (<c>RetryScheduled</c>) and the failure that opens the case come on
/// separate queues, in no set order: a job for a case not yet opened waits for it until the grace end, and a case opened after
/// its plan (so with no grace end recorded) takes the job's.
/// </summary>
public sealed class GraceEndingJob(DueJobStore jobs, CaseStore cases, StandingStore standings, BusinessWebhookQueue queue,
    IOptions<BusinessWebhookOptions> options, TimeProvider clock) : IDueJobHandler
{
    public const string JobKind = "grace-ending";

    public string Kind => JobKind;

    /// <summary>Plans the event for the case's latest grace end (nothing while webhooks are off).</summary>
    public async Task PlanAsync(UnitOfWork unit, string invoiceId, DateTimeOffset graceUntil, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return;
        var clockId = await cases.ClockOfAsync(unit, invoiceId, cancellationToken);
        jobs.Schedule(unit, new NewDueJob($"{JobKind}:{invoiceId}", JobKind, new GraceEnding(invoiceId, graceUntil),
            graceUntil - options.Value.GraceEndingBefore, clockId));
    }

    public async Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
    {
        var planned = job.Payload<GraceEnding>();
        var now = clock.GetUtcNow();
        var open = await standings.OpenCaseAsync(unit, planned.InvoiceId, cancellationToken);
        if (open is null)
            return planned.GraceUntil > now && !await cases.ExistsAsync(unit, planned.InvoiceId, cancellationToken)
                ? CaseWait.Until(now, planned.GraceUntil)
                : DueJobOutcome.Completed;
        if (open.Invoice.GraceUntil is null)
            cases.RecordGraceUntil(unit, planned.InvoiceId, planned.GraceUntil);
        else if ((open.Invoice.GraceUntil.Value - planned.GraceUntil).Duration() >= TimeSpan.FromMilliseconds(1)) // the database keeps microseconds
            return DueJobOutcome.Completed;
        queue.Enqueue(unit, BusinessEvents.GraceEndingOf(open.CustomerId, open.Invoice with { GraceUntil = planned.GraceUntil }, planned.GraceUntil, now));
        return DueJobOutcome.Completed;
    }
}
