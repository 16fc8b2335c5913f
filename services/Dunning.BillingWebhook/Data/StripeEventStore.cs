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
/// The hot path is two round trips: [read the messages' objects' facts, is the event already stored?],
/// [insert the event with the types it published, record facts, outbox rows]; the commit is shared with the events
/// that arrived at the same time (<see cref="GroupCommit"/>). Two deliveries of one event lock the same objects, so the
/// second always sees the first; an event without messages is a single insert, sent as the group's lead statement (in the
/// group's first round trip). Every object an event writes about (the event itself, its messages' objects, its decline's
/// keys) is locked up front with the rest of its group's, in one order (<see cref="LocksOf"/>): the events of one renewal
/// touch the same invoice, subscription and customer, and two groups locking them as they came deadlocked 56 times in one
/// rate drill, each a 1-s stall of both writers.
/// </summary>
public sealed class StripeEventStore(GroupCommit groupCommit, OutboxWriter outbox, StripeEventMapper mapper,
    DeclineMemory declines, DeclineCompletion completion, DueJobStore dueJobs, TimeProvider clock)
{
    private const string Insert = """
        INSERT INTO webhook.stripe_events (id, type, created_at, payload, published_types) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (id) DO NOTHING
        """;
    private const string IsStored = "SELECT EXISTS (SELECT 1 FROM webhook.stripe_events WHERE id = $1)";

    /// <summary>
    /// True when the event is new; false for a duplicate (nothing written). Returns once committed; events arriving at the
    /// same time share the transaction and its commit (<see cref="GroupCommit"/>).
    /// </summary>
    public async Task<bool> StoreAsync(StripeEvent stripeEvent, string body, CancellationToken cancellationToken)
    {
        var mapped = mapper.Map(stripeEvent);
        NpgsqlTransaction? committed = null;
        // An event without messages is only its row: inserted as the group's lead statement, in the group's first round trip.
        var insertAsLead = mapped.Messages.Count == 0 ? () => InsertCommand(stripeEvent, body, []) : (Func<NpgsqlBatchCommand>?)null;
        var isNew = await groupCommit.RunAsync(insertAsLead, LocksOf(stripeEvent, mapped), async (transaction, inserted, token) =>
        {
            var stored = insertAsLead is null ? await WriteAsync(transaction, stripeEvent, body, mapped, token) : inserted == 1;
            if (!stored)
                return false;
            if (insertAsLead is not null)
                await RememberDeclineAsync(transaction, stripeEvent, mapped, token);
            committed = transaction;
            return true;
        }, cancellationToken);
        if (!isNew)
            return false;
        outbox.NotifyCommitted();
        dueJobs.NotifyCommitted(committed!);
        return true;
    }

    /// <summary>What storing the event writes about: its id (the event row, its outbox rows, its decline look-up), its messages'
    /// objects (their known facts) and its decline's look-up keys.</summary>
    private static string[] LocksOf(StripeEvent stripeEvent, MappedEvent mapped) =>
        [stripeEvent.Id, .. mapped.Messages.Select(m => m.EntityId), .. mapped.Decline?.LookupKeys ?? []];

    private async Task<bool> WriteAsync(NpgsqlTransaction transaction, StripeEvent stripeEvent, string body, MappedEvent mapped,
        CancellationToken cancellationToken)
    {
        var decisions = await LockAndReadFactsAsync(transaction, stripeEvent, mapped.Messages, cancellationToken);
        if (decisions is null)
            return false;
        await RememberDeclineAsync(transaction, stripeEvent, mapped, cancellationToken);

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
        await RecordAsync(transaction, stripeEvent, body, publish, outboxRows, cancellationToken);
        return true;
    }

    /// <summary>Files the event's decline details, if it has any, for the invoice failure that follows.</summary>
    private async Task RememberDeclineAsync(NpgsqlTransaction transaction, StripeEvent stripeEvent, MappedEvent mapped, CancellationToken cancellationToken)
    {
        if (mapped.Decline is { } decline)
            await declines.RememberAsync(transaction, decline, stripeEvent.Created, cancellationToken);
    }

    /// <summary>One round trip: per outgoing message, its object's facts (locked by the group); then whether the event is stored. Null for a duplicate.</summary>
    private static async Task<List<HashSet<string>>?> LockAndReadFactsAsync(NpgsqlTransaction transaction, StripeEvent stripeEvent,
        IReadOnlyList<Outgoing> messages, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        foreach (var outgoing in messages)
            batch.BatchCommands.Add(KnownFacts.ReadCommand(outgoing));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(IsStored) { Parameters = { new() { Value = stripeEvent.Id } } });

        var decisions = new List<HashSet<string>>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        for (var i = 0; i < messages.Count; i++)
        {
            if (i > 0) await reader.NextResultAsync(cancellationToken); // onto this message's facts
            decisions.Add(await KnownFacts.ReadKnownAsync(reader, cancellationToken));
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetBoolean(0) ? null : decisions;
    }

    /// <summary>One round trip: the event with the types it published (for replays), the facts they teach and their outbox rows.</summary>
    private static async Task RecordAsync(NpgsqlTransaction transaction, StripeEvent stripeEvent, string body, List<Outgoing> publish,
        List<NpgsqlBatchCommand> outboxRows, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        var publishedTypes = publish.Select(o => ContractTypes.NameOf(o.Message.GetType())).ToArray();
        var insert = InsertCommand(stripeEvent, body, publishedTypes);
        batch.BatchCommands.Add(insert);
        foreach (var outgoing in publish)
            batch.BatchCommands.Add(KnownFacts.RecordCommand(outgoing, stripeEvent));
        foreach (var row in outboxRows)
            batch.BatchCommands.Add(row);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (insert.RecordsAffected == 0) // cannot happen while both deliveries lock the same objects; never half-apply if it does
            throw new InvalidOperationException($"Event {stripeEvent.Id} was stored concurrently; the delivery is rolled back and answered as a duplicate when retried.");
    }

    private static NpgsqlBatchCommand InsertCommand(StripeEvent stripeEvent, string body, string[] publishedTypes) => new(Insert)
    {
        Parameters =
        {
            new() { Value = stripeEvent.Id }, new() { Value = stripeEvent.Type }, new() { Value = stripeEvent.Created },
            new() { Value = body, NpgsqlDbType = NpgsqlDbType.Text }, new() { Value = publishedTypes },
        },
    };

    /// <summary>The failure is published by <see cref="DeclineLookupJob"/> once Stripe told why (committed with the event, so never lost).</summary>
    private Task LookUpDeclineAsync(NpgsqlTransaction transaction, PaymentFailed failed, CancellationToken cancellationToken)
    {
        var request = new DeclineLookupRequest(failed, clock.GetUtcNow());
        return dueJobs.ScheduleOnceAsync(transaction, request.Key, DeclineLookupRequest.Kind, request, request.RequestedAt, cancellationToken);
    }
}
