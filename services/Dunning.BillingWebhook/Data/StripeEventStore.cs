using Dunning.BillingWebhook.DeclineLookup;
using Dunning.BillingWebhook.Domain;
using Dunning.BillingWebhook.Domain.Mapping;
using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Outbox;
using Npgsql;
using NpgsqlTypes;

namespace Dunning.BillingWebhook.Data;

/// <summary>
/// Stores a genuine event once by its id together with its outgoing messages, in one transaction:
/// the event (the webhook inbox), what it taught (known facts, remembered declines) and the outbox rows.
/// The hot path is three round trips, like the bare inbox + outbox transaction: [insert event, lock + read the object's facts],
/// [record facts, published types, outbox rows], commit.
/// </summary>
public sealed class StripeEventStore(GroupCommit groupCommit, OutboxWriter outbox, StripeEventMapper mapper,
    DeclineMemory declines, DeclineCompletion completion, DueJobStore dueJobs, TimeProvider clock)
{
    private const string Insert = """
        INSERT INTO webhook.stripe_events (id, type, created_at, payload) VALUES ($1, $2, $3, $4)
        ON CONFLICT (id) DO NOTHING
        """;
    private const string SetPublished = "UPDATE webhook.stripe_events SET published_types = $1 WHERE id = $2";

    /// <summary>
    /// True when the event is new; false for a duplicate (nothing written). Returns once committed; events arriving at the
    /// same time share the transaction and its commit (<see cref="GroupCommit"/>).
    /// </summary>
    public async Task<bool> StoreAsync(StripeEvent stripeEvent, string body, CancellationToken cancellationToken)
    {
        var mapped = mapper.Map(stripeEvent);
        NpgsqlTransaction? committed = null;
        var isNew = await groupCommit.RunAsync(async (transaction, token) =>
        {
            if (!await WriteAsync(transaction, stripeEvent, body, mapped, token))
                return false;
            committed = transaction;
            return true;
        }, cancellationToken);
        if (!isNew)
            return false;
        outbox.NotifyCommitted();
        dueJobs.NotifyCommitted(committed!);
        return true;
    }

    private async Task<bool> WriteAsync(NpgsqlTransaction transaction, StripeEvent stripeEvent, string body, MappedEvent mapped,
        CancellationToken cancellationToken)
    {
        var decisions = await InsertAndReadFactsAsync(transaction, stripeEvent, body, mapped.Messages, cancellationToken);
        if (decisions is null)
            return false;
        if (mapped.Decline is { } decline)
            await declines.RememberAsync(transaction, decline, stripeEvent.Created, cancellationToken);

        var publish = mapped.Messages.Where((_, i) => FactRules.MayPublish(mapped.Messages[i], decisions[i])).ToList();
        var outboxRows = new List<NpgsqlBatchCommand>();
        foreach (var outgoing in publish)
        {
            var message = await completion.CompleteAsync(transaction, outgoing.Message, stripeEvent, cancellationToken);
            if (message is PaymentFailed failed && failed.Decline == DeclineDetails.None)
                await LookUpDeclineAsync(transaction, failed, cancellationToken);
            else
                outboxRows.Add(outbox.AddCommand(message));
        }
        if (publish.Count > 0)
            await RecordAsync(transaction, stripeEvent, publish, outboxRows, cancellationToken);
        return true;
    }

    /// <summary>One round trip: insert the event and, per outgoing message, lock its object and read its facts. Null for a duplicate.</summary>
    private static async Task<List<HashSet<string>>?> InsertAndReadFactsAsync(NpgsqlTransaction transaction, StripeEvent stripeEvent, string body,
        IReadOnlyList<Outgoing> messages, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        var insert = new NpgsqlBatchCommand(Insert)
        {
            Parameters = { new() { Value = stripeEvent.Id }, new() { Value = stripeEvent.Type }, new() { Value = stripeEvent.Created }, new() { Value = body, NpgsqlDbType = NpgsqlDbType.Jsonb } },
        };
        batch.BatchCommands.Add(insert);
        foreach (var command in messages.SelectMany(KnownFacts.LockAndReadCommands))
            batch.BatchCommands.Add(command);

        var decisions = new List<HashSet<string>>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            for (var i = 0; i < messages.Count; i++)
            {
                if (i > 0) await reader.NextResultAsync(cancellationToken); // onto this message's lock
                decisions.Add(await KnownFacts.ReadKnownAsync(reader, cancellationToken));
            }
        }
        return insert.RecordsAffected == 0 ? null : decisions;
    }

    /// <summary>One round trip: the facts the published messages teach, their types on the event (for replays) and their outbox rows.</summary>
    private static async Task RecordAsync(NpgsqlTransaction transaction, StripeEvent stripeEvent, List<Outgoing> publish,
        List<NpgsqlBatchCommand> outboxRows, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        foreach (var outgoing in publish)
            batch.BatchCommands.Add(KnownFacts.RecordCommand(outgoing, stripeEvent));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SetPublished)
        {
            Parameters = { new() { Value = publish.Select(o => ContractTypes.NameOf(o.Message.GetType())).ToArray() }, new() { Value = stripeEvent.Id } },
        });
        foreach (var row in outboxRows)
            batch.BatchCommands.Add(row);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The failure is published by <see cref="DeclineLookupJob"/> once Stripe told why (committed with the event, so never lost).</summary>
    private Task LookUpDeclineAsync(NpgsqlTransaction transaction, PaymentFailed failed, CancellationToken cancellationToken)
    {
        var request = new DeclineLookupRequest(failed, clock.GetUtcNow());
        return dueJobs.ScheduleOnceAsync(transaction, request.Key, DeclineLookupRequest.Kind, request, request.RequestedAt, cancellationToken);
    }
}
