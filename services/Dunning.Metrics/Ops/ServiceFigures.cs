namespace Dunning.Metrics.Ops;

/// <summary>
/// One service's backlog as its <c>/metrics</c> reports it: outbox, due jobs per kind, and (webhook) rejections per reason and
/// (webhook, scheduler) the Stripe breaker. <see cref="Error"/> says why nothing could be read.
/// </summary>
public sealed record ServiceFigures(
    string Name,
    string Url,
    string? Error,
    long? OutboxBacklog,
    double? OutboxOldestAgeSeconds,
    IReadOnlyList<DueJobFigures> DueJobs,
    IReadOnlyList<RejectionCount> WebhookRejections,
    bool? StripeBreakerOpen);

public sealed record DueJobFigures(string Kind, long Overdue, double LagSeconds, long Dead);

public sealed record RejectionCount(string Reason, long Count);
