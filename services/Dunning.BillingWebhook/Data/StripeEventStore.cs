using Dunning.BillingWebhook.DeclineLookup;
using Dunning.BillingWebhook.Domain;
using Dunning.Contracts;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Outbox;
using Npgsql;
using NpgsqlTypes;

namespace Dunning.BillingWebhook.Data;

/// <summary>
/// Stores a genuine event once by its id together with its outgoing messages, in one transaction:
/// the event (the webhook inbox), what it taught (known facts, remembered declines) and the outbox rows.
/// </summary>
public sealed class StripeEventStore(NpgsqlDataSource dataSource, OutboxWriter outbox, StripeEventMapper mapper,
    KnownFacts facts, DeclineMemory declines, DeclineCompletion completion, DueJobStore dueJobs, TimeProvider clock)
{
    private const string Insert = """
        INSERT INTO webhook.stripe_events (id, type, created_at, payload) VALUES (@id, @type, @created, @payload)
        ON CONFLICT (id) DO NOTHING
        """;
    private const string SetPublished = "UPDATE webhook.stripe_events SET published_types = @types WHERE id = @id";

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

        var mapped = mapper.Map(stripeEvent);
        if (mapped.Decline is { } decline)
            await declines.RememberAsync(transaction, decline, stripeEvent.Created, cancellationToken);
        var published = new List<string>();
        foreach (var outgoing in mapped.Messages)
        {
            if (!await facts.TryRecordAsync(transaction, outgoing, stripeEvent, cancellationToken))
                continue;
            var message = await completion.CompleteAsync(transaction, outgoing.Message, stripeEvent, cancellationToken);
            if (message is PaymentFailed failed && failed.Decline == DeclineDetails.None)
                await LookUpDeclineAsync(transaction, failed, cancellationToken);
            else
                await outbox.AddAsync(transaction, message, cancellationToken);
            published.Add(ContractTypes.NameOf(message.GetType()));
        }
        if (published.Count > 0)
            await SetPublishedAsync(transaction, stripeEvent.Id, published, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted();
        return true;
    }

    /// <summary>The failure is published by <see cref="DeclineLookupJob"/> once Stripe told why (committed with the event, so never lost).</summary>
    private Task LookUpDeclineAsync(NpgsqlTransaction transaction, PaymentFailed failed, CancellationToken cancellationToken)
    {
        var request = new DeclineLookupRequest(failed, clock.GetUtcNow());
        return dueJobs.ScheduleOnceAsync(transaction, request.Key, DeclineLookupRequest.Kind, request, request.RequestedAt, cancellationToken);
    }

    private static async Task SetPublishedAsync(NpgsqlTransaction transaction, string id, List<string> types, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand(SetPublished, transaction.Connection, transaction);
        update.Parameters.AddWithValue("id", id);
        update.Parameters.AddWithValue("types", types.ToArray());
        await update.ExecuteNonQueryAsync(cancellationToken);
    }
}
