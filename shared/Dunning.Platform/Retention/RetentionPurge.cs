using Dunning.Platform.Data;

namespace Dunning.Platform.Retention;

/// <summary>
/// One thing <see cref="RetentionJob"/> purges: a statement that purges at most <c>@batch</c> rows older than <c>@keep</c> and
/// reports how many it touched. The platform registers its own; a service adds its (the webhook: raw Stripe payloads).
/// </summary>
public sealed record RetentionPurge(string What, string Sql, Func<RetentionOptions, TimeSpan> Keep)
{
    /// <summary>Inbox rows past <see cref="RetentionOptions.Inbox"/>.</summary>
    public static RetentionPurge Inbox(ServiceDatabase database) => new("inbox rows", $"""
        DELETE FROM {database.Table("inbox")} WHERE ctid = ANY(ARRAY(
            SELECT ctid FROM {database.Table("inbox")} WHERE handled_at < now() - @keep LIMIT @batch))
        """, options => options.Inbox);

    /// <summary>
    /// Published outbox rows past <see cref="RetentionOptions.SentOutbox"/> (created before too, which lets the created_at index
    /// find them); unsent and parked rows stay.
    /// </summary>
    public static RetentionPurge SentOutbox(ServiceDatabase database) => new("sent outbox rows", $"""
        DELETE FROM {database.Table("outbox")} WHERE ctid = ANY(ARRAY(
            SELECT ctid FROM {database.Table("outbox")} WHERE created_at < now() - @keep AND sent_at < now() - @keep LIMIT @batch))
        """, options => options.SentOutbox);
}
