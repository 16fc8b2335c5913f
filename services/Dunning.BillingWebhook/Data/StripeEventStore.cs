using Dunning.BillingWebhook.Domain;
using Dunning.Platform.Outbox;
using Npgsql;
using NpgsqlTypes;

namespace Dunning.BillingWebhook.Data;

/// <summary>Stores a genuine event once by its id, together with its outgoing messages, in one transaction.</summary>
public sealed class StripeEventStore(NpgsqlDataSource dataSource, OutboxWriter outbox, StripeEventMapper mapper)
{
    private const string Insert = """
        INSERT INTO webhook.stripe_events (id, type, created_at, payload) VALUES (@id, @type, @created, @payload)
        ON CONFLICT (id) DO NOTHING
        """;

    /// <summary>True when the event is new; false for a duplicate (nothing written).</summary>
    public async Task<bool> StoreAsync(StripeEvent stripeEvent, string body, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(Insert, connection, transaction))
        {
            insert.Parameters.AddWithValue("id", stripeEvent.Id);
            insert.Parameters.AddWithValue("type", stripeEvent.Type);
            insert.Parameters.AddWithValue("created", stripeEvent.Created);
            insert.Parameters.AddWithValue("payload", NpgsqlDbType.Jsonb, body);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
                return false;
        }
        foreach (var message in mapper.Map(stripeEvent))
            await outbox.AddAsync(transaction, message, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted();
        return true;
    }
}
