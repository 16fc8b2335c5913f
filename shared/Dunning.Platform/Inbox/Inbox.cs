using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Platform.Inbox;

/// <summary>Consumer-side deduplication: records (consumer, message id) in the caller's transaction.</summary>
public sealed class Inbox(ServiceDatabase database)
{
    private readonly string _insert = $"""
        INSERT INTO {database.Table("inbox")} (consumer, message_id) VALUES ($1, $2)
        ON CONFLICT DO NOTHING
        """;

    /// <summary>
    /// The insert as a batch command, for <see cref="GroupCommit"/>'s lead statements: one row affected the first time,
    /// none when this consumer already handled the message (skip the effect).
    /// </summary>
    public NpgsqlBatchCommand RecordCommand(string consumer, Guid messageId) => new(_insert)
    {
        Parameters = { new() { Value = consumer }, new() { Value = messageId } },
    };
}
