using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Platform.Inbox;

/// <summary>Consumer-side deduplication: records (consumer, message id) in the caller's transaction.</summary>
public sealed class Inbox(ServiceDatabase database)
{
    private readonly string _insert = $"""
        INSERT INTO {database.Table("inbox")} (consumer, message_id) VALUES (@consumer, @id)
        ON CONFLICT DO NOTHING
        """;

    /// <summary>True the first time; false when this consumer already handled the message (skip the effect).</summary>
    public async Task<bool> TryRecordAsync(NpgsqlTransaction transaction, string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(_insert, transaction.Connection, transaction);
        command.Parameters.AddWithValue("consumer", consumer);
        command.Parameters.AddWithValue("id", messageId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
