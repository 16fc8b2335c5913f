using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Platform.Inbox;

/// <summary>Consumer-side deduplication: records (consumer, message id) in the consumer's unit of work.</summary>
public sealed class Inbox(ServiceDatabase database)
{
    private readonly string _insert = $"""
        INSERT INTO {database.Table("inbox")} (consumer, message_id) VALUES ($1, $2)
        ON CONFLICT DO NOTHING
        """;

    /// <summary>The record, as an early write of the unit's first round trip: one row affected the first time, none when this
    /// consumer already handled the message (skip the effect).</summary>
    public NpgsqlBatchCommand Record(string consumer, Guid messageId) => Statement.Of(_insert, consumer, messageId);
}
