using Dunning.Notification.Data;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Microsoft.Extensions.Options;

namespace Dunning.Notification.BusinessWebhooks;

/// <summary>The payload of a grace-ending job: the case, and the grace end it was planned for.</summary>
public sealed record GraceEnding(string InvoiceId, DateTimeOffset GraceUntil);

/// <summary>
/// <c>dunning.case.grace_ending</c>, <see cref="BusinessWebhookOptions.GraceEndingBefore"/> ahead of the case's grace end, in the
/// case's own time (its test clock's, if it runs on one). One job per case, moved by each new plan; it sends nothing for a
/// case that closed or whose grace end moved since.
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
        if (await standings.OpenCaseAsync(unit, planned.InvoiceId, cancellationToken) is { Invoice.GraceUntil: { } graceUntil } open
            && (graceUntil - planned.GraceUntil).Duration() < TimeSpan.FromMilliseconds(1)) // the database keeps microseconds
            queue.Enqueue(unit, BusinessEvents.GraceEndingOf(open.CustomerId, open.Invoice, graceUntil, clock.GetUtcNow()));
        return DueJobOutcome.Completed;
    }
}
