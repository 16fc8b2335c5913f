using Dunning.BillingWebhook.Domain;
using Dunning.BillingWebhook.Domain.Mapping;
using Npgsql;

namespace Dunning.BillingWebhook.Data;

/// <summary>
/// Decides whether an outgoing message may be published, from what is already known about its Stripe object
/// (<c>webhook.known_facts</c>), and records the fact it teaches. Facts of one object are decided one at a time
/// (a transaction-scoped advisory lock on the object id), so concurrent deliveries cannot both win.
/// </summary>
public sealed class KnownFacts
{
    private const string LockAndRead = """
        SELECT pg_advisory_xact_lock(hashtextextended(@entity, 0));
        SELECT fact FROM webhook.known_facts WHERE entity_id = @entity AND fact = ANY(@facts);
        """;
    private const string Record = """
        INSERT INTO webhook.known_facts (entity_id, fact, event_id, event_created) VALUES (@entity, @fact, @event, @created)
        ON CONFLICT (entity_id, fact) DO UPDATE SET event_id = excluded.event_id, event_created = excluded.event_created
        WHERE known_facts.event_created < excluded.event_created
        """;

    /// <summary>True (and the fact recorded) when <paramref name="outgoing"/> should be published.</summary>
    public async Task<bool> TryRecordAsync(NpgsqlTransaction transaction, Outgoing outgoing, StripeEvent stripeEvent, CancellationToken cancellationToken)
    {
        var known = await ReadAsync(transaction, outgoing, cancellationToken);
        if (!FactRules.MayPublish(outgoing, known))
            return false;
        await using var record = new NpgsqlCommand(Record, transaction.Connection, transaction);
        record.Parameters.AddWithValue("entity", outgoing.EntityId);
        record.Parameters.AddWithValue("fact", outgoing.Fact);
        record.Parameters.AddWithValue("event", stripeEvent.Id);
        record.Parameters.AddWithValue("created", stripeEvent.Created);
        await record.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    /// <summary>Whether any of <paramref name="factNames"/> is known about <paramref name="entityId"/> (taking the object's lock).</summary>
    public async Task<bool> AnyKnownAsync(NpgsqlTransaction transaction, string entityId, string[] factNames, CancellationToken cancellationToken) =>
        (await ReadAsync(transaction, entityId, factNames, cancellationToken)).Count > 0;

    private static Task<HashSet<string>> ReadAsync(NpgsqlTransaction transaction, Outgoing outgoing, CancellationToken cancellationToken) =>
        ReadAsync(transaction, outgoing.EntityId, outgoing.BlockedBy.Append(outgoing.Fact).ToArray(), cancellationToken);

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
