using Dunning.BillingWebhook.Domain;
using Dunning.Platform.Outbox;
using Npgsql;

namespace Dunning.BillingWebhook.Data;

/// <summary>
/// Re-publishes the messages a stored event published at intake: the same message ids (derived from the event id),
/// so downstream inboxes drop what they already handled. Rows still in the outbox are queued again as they are.
/// </summary>
public sealed class EventReplayer(NpgsqlDataSource dataSource, OutboxWriter outbox, StripeEventMapper mapper)
{
    private const string Load = "SELECT payload, published_types FROM webhook.stripe_events WHERE id = @id";
    private const string Requeue = "UPDATE webhook.outbox SET sent_at = NULL WHERE id = @id";

    /// <summary>The number of messages queued again, or null when no such event was received.</summary>
    public async Task<int?> ReplayAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await LoadAsync(transaction, eventId, cancellationToken) is not var (body, publishedTypes))
            return null;
        var stripeEvent = StripeEvent.TryParse(body, out _) ?? throw new InvalidOperationException($"Stored event {eventId} no longer parses");

        var count = 0;
        foreach (var outgoing in mapper.Map(stripeEvent).Messages.Where(o => publishedTypes.Contains(ContractTypes.NameOf(o.Message.GetType()))))
        {
            // A failure published after its decline look-up is still in the outbox under the same id, with its details: requeued as it is.
            var message = outgoing.Message;
            await outbox.AddAsync(transaction, message, cancellationToken);
            await using var requeue = new NpgsqlCommand(Requeue, connection, transaction);
            requeue.Parameters.AddWithValue("id", MessageIds.For(message));
            await requeue.ExecuteNonQueryAsync(cancellationToken);
            count++;
        }
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted(transaction);
        return count;
    }

    private static async Task<(string Body, string[] PublishedTypes)?> LoadAsync(NpgsqlTransaction transaction, string eventId, CancellationToken cancellationToken)
    {
        await using var load = new NpgsqlCommand(Load, transaction.Connection, transaction);
        load.Parameters.AddWithValue("id", eventId);
        await using var reader = await load.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetFieldValue<string[]>(1)) : null;
    }
}
