using System.Text.Json;
using Dunning.Contracts;
using Dunning.Platform.Data;
using Npgsql;
using NpgsqlTypes;

namespace Dunning.Platform.Outbox;

/// <summary>
/// Writes outgoing messages into the service's outbox inside the caller's transaction:
/// they are published if and only if that transaction commits. After the commit, <see cref="NotifyCommitted"/> wakes this
/// process's <see cref="OutboxRelay"/> if the transaction added a message, so it leaves at once instead of at the next poll.
/// </summary>
public sealed class OutboxWriter(ServiceDatabase database, OutboxSignal signal)
{
    private readonly TransactionMarks _added = new();

    private readonly string _insert = $"""
        INSERT INTO {database.Table("outbox")} (id, message_type, body)
        VALUES (@id, @type, @body)
        ON CONFLICT (id) DO NOTHING
        """;

    private readonly string _batchInsert = $"""
        INSERT INTO {database.Table("outbox")} (id, message_type, body)
        VALUES ($1, $2, $3)
        ON CONFLICT (id) DO NOTHING
        """;

    /// <summary>Adds the message; a message with the same id already in the outbox is left as it is.</summary>
    public async Task AddAsync(NpgsqlTransaction transaction, IDunningMessage message, CancellationToken cancellationToken = default)
    {
        _added.Mark(transaction);
        await using var command = new NpgsqlCommand(_insert, transaction.Connection, transaction);
        command.Parameters.AddWithValue("id", MessageIds.For(message));
        command.Parameters.AddWithValue("type", ContractTypes.NameOf(message.GetType()));
        command.Parameters.AddWithValue("body", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(message, message.GetType(), MessageJson.Options));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The same insert as <see cref="AddAsync"/>, as a command for the caller's <see cref="NpgsqlBatch"/> in its transaction,
    /// so the outbox row travels in a round trip the caller makes anyway.
    /// </summary>
    public NpgsqlBatchCommand AddCommand(NpgsqlTransaction transaction, IDunningMessage message)
    {
        _added.Mark(transaction);
        return new(_batchInsert)
        {
            Parameters =
            {
                new() { Value = MessageIds.For(message) },
                new() { Value = ContractTypes.NameOf(message.GetType()) },
                new() { Value = JsonSerializer.Serialize(message, message.GetType(), MessageJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb },
            },
        };
    }

    /// <summary>Call after committing <paramref name="transaction"/>: if it added a message, the relay publishes it without
    /// waiting for its next poll (a transaction that added none wakes nothing: with a wake-up per commit, the relays of a rate
    /// drill ran ~80 empty claims a second).</summary>
    public void NotifyCommitted(NpgsqlTransaction transaction)
    {
        if (_added.Take(transaction))
            signal.Pulse();
    }
}
