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
    private const string Load = "SELECT payload, published_types, payload_purged_at FROM webhook.stripe_events WHERE id = @id";
    private const string Requeue = "UPDATE webhook.outbox SET sent_at = NULL WHERE id = @id";

    /// <summary>What the replay did: nothing for an event never received or whose payload retention cleared, else how many messages it queued again.</summary>
    public async Task<Replay> ReplayAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await LoadAsync(transaction, eventId, cancellationToken) is not var (body, publishedTypes, purgedAt))
            return new Replay(Received: false, PayloadPurgedAt: null, Republished: 0);
        if (body is null)
            return new Replay(Received: true, PayloadPurgedAt: purgedAt, Republished: 0);
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
        return new Replay(Received: true, PayloadPurgedAt: null, Republished: count);
    }

    private static async Task<(string? Body, string[] PublishedTypes, DateTimeOffset? PurgedAt)?> LoadAsync(
        NpgsqlTransaction transaction, string eventId, CancellationToken cancellationToken)
    {
        await using var load = new NpgsqlCommand(Load, transaction.Connection, transaction);
        load.Parameters.AddWithValue("id", eventId);
        await using var reader = await load.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetFieldValue<string[]>(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
    }
}

/// <summary>What a replay did: the event was received or not, its payload was cleared by retention (when), messages queued again.</summary>
public sealed record Replay(bool Received, DateTimeOffset? PayloadPurgedAt, int Republished);
