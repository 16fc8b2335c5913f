using System.Text.Json;
using Dunning.Contracts;
using Dunning.Platform.Data;
using NpgsqlTypes;

namespace Dunning.Platform.Outbox;

/// <summary>
/// Writes outgoing messages into the service's outbox in a unit of work: they are published if and only if it commits.
/// Its commit wakes this process's <see cref="OutboxRelay"/>, so the message leaves at once instead of at the next poll; a unit
/// that added none wakes nothing (ADR 009).
/// </summary>
public sealed class OutboxWriter(ServiceDatabase database, OutboxSignal signal)
{
    private readonly string _insert = $"""
        INSERT INTO {database.Table("outbox")} (id, message_type, body)
        VALUES ($1, $2, $3)
        ON CONFLICT (id) DO NOTHING
        """;

    /// <summary>Adds the message; a message with the same id already in the outbox is left as it is.</summary>
    public void Add(UnitOfWork unit, IDunningMessage message)
    {
        var body = new Npgsql.NpgsqlParameter
        {
            Value = JsonSerializer.Serialize(message, message.GetType(), MessageJson.Options),
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        };
        unit.Write(Statement.Of(_insert, MessageIds.For(message), ContractTypes.NameOf(message.GetType()), body));
        unit.WakeAfterCommit(signal);
    }
}
