using Dunning.BillingWebhook.Domain;
using Dunning.BillingWebhook.Domain.Mapping;
using Npgsql;

namespace Dunning.BillingWebhook.Data;

/// <summary>
/// Decides whether an outgoing message may be published, from what is already known about its Stripe object
/// (<c>webhook.known_facts</c>), and records the fact it teaches. Facts of one object are decided one at a time
/// (a transaction-scoped advisory lock on the object id, <c>hashtextextended(id, 0)</c>), so concurrent deliveries cannot both win.
/// </summary>
public sealed class KnownFacts
{
    private const string LockAndRead = """
        SELECT pg_advisory_xact_lock(hashtextextended(@entity, 0));
        SELECT fact FROM webhook.known_facts WHERE entity_id = @entity AND fact = ANY(@facts);
        """;
    private const string ReadWithoutLock = "SELECT EXISTS (SELECT 1 FROM webhook.known_facts WHERE entity_id = @entity AND fact = ANY(@facts))";
    private const string Record = """
        INSERT INTO webhook.known_facts (entity_id, fact, event_id, event_created) VALUES (@entity, @fact, @event, @created)
        ON CONFLICT (entity_id, fact) DO UPDATE SET event_id = excluded.event_id, event_created = excluded.event_created
        WHERE known_facts.event_created < excluded.event_created
        """;

    /// <summary>
    /// The read of <paramref name="outgoing"/>'s object's facts, to run in the caller's batch; the caller already holds the
    /// object's lock (the webhook names it to <see cref="Platform.Data.GroupCommit"/>, which takes it for the whole group).
    /// </summary>
    public static NpgsqlBatchCommand ReadCommand(Outgoing outgoing) =>
        new("SELECT fact FROM webhook.known_facts WHERE entity_id = $1 AND fact = ANY($2)")
        {
            Parameters = { new() { Value = outgoing.EntityId }, new() { Value = outgoing.BlockedBy.Append(outgoing.Fact).ToArray() } },
        };

    /// <summary>The facts <see cref="ReadCommand"/> found.</summary>
    public static HashSet<string> Known(IReadOnlyList<object[]> rows) => rows.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);

    /// <summary>Records what <paramref name="outgoing"/> teaches, to run in the caller's batch.</summary>
    public static NpgsqlBatchCommand RecordCommand(Outgoing outgoing, StripeEvent stripeEvent) => new(Record)
    {
        Parameters =
        {
            new("entity", outgoing.EntityId), new("fact", outgoing.Fact),
            new("event", stripeEvent.Id), new("created", stripeEvent.Created),
        },
    };

    /// <summary>Whether any of <paramref name="factNames"/> is known about <paramref name="entityId"/> (taking the object's lock).</summary>
    public async Task<bool> AnyKnownAsync(NpgsqlTransaction transaction, string entityId, string[] factNames, CancellationToken cancellationToken) =>
        (await ReadAsync(transaction, entityId, factNames, cancellationToken)).Count > 0;

    /// <summary>
    /// Whether any of <paramref name="factNames"/> is known about <paramref name="entityId"/> yet, without its lock: a hint for
    /// work that is about to wait on something else (a Stripe call) and must not hold the object meanwhile; decide under
    /// <see cref="AnyKnownAsync"/> afterwards.
    /// </summary>
    public async Task<bool> AnyKnownYetAsync(NpgsqlTransaction transaction, string entityId, string[] factNames, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand(ReadWithoutLock, transaction.Connection, transaction);
        read.Parameters.AddWithValue("entity", entityId);
        read.Parameters.AddWithValue("facts", factNames);
        return await read.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static async Task<HashSet<string>> ReadAsync(NpgsqlTransaction transaction, string entityId, string[] factNames, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand(LockAndRead, transaction.Connection, transaction);
        read.Parameters.AddWithValue("entity", entityId);
        read.Parameters.AddWithValue("facts", factNames);
        var known = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            known.Add(reader.GetString(0));
        return known;
    }
}
