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
/// the event (the webhook inbox), what it taught (known facts, remembered declines) and the outbox rows (or, for a failure, its
/// decline look-up).
/// Events that arrive at the same time share the transaction and its round trips (<see cref="GroupCommit"/>): the group's
/// first round trip reads what every event's decisions need (its messages' objects' facts, whether it is stored already),
/// the decisions are made in memory, and one more round trip writes every
/// event's rows; an event without messages is a single insert, sent in the first. Every object an event reads or writes
/// about (the event itself, its messages' objects) is locked up front with the rest of its group's, in one
/// order (<see cref="LocksOf"/>), and two events about the same object never share a group: the second sees what the first
/// committed. The events of one renewal touch the same invoice, subscription and customer (why: ADR 009).
/// </summary>
public sealed class StripeEventStore(GroupCommit groupCommit, OutboxWriter outbox, StripeEventMapper mapper, DueJobStore dueJobs, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<DeclineLookupOptions> lookupOptions)
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
        var locks = LocksOf(stripeEvent, mapped);
        // An event without messages is only its row: inserted as the group's lead statement, in the group's first round trip.
        var start = locks.Length == 0
            ? new GroupStart(locks, Lead: () => InsertCommand(stripeEvent, body, []))
            : new GroupStart(locks, Reads: () => ReadsOf(stripeEvent, mapped));
        NpgsqlTransaction? committed = null;
        var isNew = await groupCommit.RunAsync(start, (step, _) =>
        {
            var stored = start.Lead is not null ? step.LeadRows == 1 : Write(step, stripeEvent, body, mapped);
            if (stored)
            {
                RememberDecline(step, stripeEvent, mapped);
                committed = step.Transaction;
            }
            return Task.FromResult(stored);
        }, cancellationToken);
        if (!isNew)
            return false;
        outbox.NotifyCommitted(committed!);
        dueJobs.NotifyCommitted(committed!);
        return true;
    }

    /// <summary>What storing the event reads and writes about: its id (the event row, its outbox rows, its decline look-up), its
    /// messages' objects (their known facts) and the invoice a remembered decline is filed under. An event
    /// that is only its row locks nothing: its insert alone decides (<c>ON CONFLICT DO NOTHING</c> waits for a concurrent
    /// delivery's uncommitted row); at least 40 % of a rate drill's events are such (invoice.created and .finalized, payment_intent.created
    /// and .succeeded, charge.succeeded).</summary>
    private static string[] LocksOf(StripeEvent stripeEvent, MappedEvent mapped) =>
        mapped.Messages.Count == 0 && mapped.Decline is null ? [] :
        [.. new[] { stripeEvent.Id }
            .Concat(mapped.Messages.Select(m => m.EntityId))
            .Concat(mapped.Decline?.LookupKeys ?? [])
            .Distinct(StringComparer.Ordinal)];

    /// <summary>The first round trip's reads: each message's object's facts, then whether the event is stored.</summary>
    private static List<NpgsqlBatchCommand> ReadsOf(StripeEvent stripeEvent, MappedEvent mapped) =>
    [
        .. mapped.Messages.Select(KnownFacts.ReadCommand),
        new(IsStored) { Parameters = { new() { Value = stripeEvent.Id } } },
    ];

    /// <summary>Decides from the reads what the event publishes and leaves its rows for the group's last round trip; false for a duplicate.</summary>
    private bool Write(GroupStep step, StripeEvent stripeEvent, string body, MappedEvent mapped)
    {
        var messages = mapped.Messages;
        if (step.Reads[messages.Count] is [[true]])
            return false;
        var publish = new List<Outgoing>();
        for (var i = 0; i < messages.Count; i++)
        {
            if (!FactRules.MayPublish(messages[i], KnownFacts.Known(step.Reads[i])))
                continue;
            publish.Add(messages[i]);
            var message = messages[i].Message;
            // Stripe's invoice events never carry the failed charge (invoice.payments is expand-only): the look-up asks for it.
            if (message is PaymentFailed failed && failed.Decline == DeclineDetails.None)
                LookUpDecline(step, failed);
            else
                step.Write(outbox.AddCommand(step.Transaction, message));
        }
        var publishedTypes = publish.Select(o => ContractTypes.NameOf(o.Message.GetType())).ToArray();
        // Cannot affect nothing while both deliveries of an event lock its id; if it does, the group re-runs and this one rolls back.
        step.Write(InsertCommand(stripeEvent, body, publishedTypes), mustAffectRows: true);
        foreach (var outgoing in publish)
            step.Write(KnownFacts.RecordCommand(outgoing, stripeEvent));
        return true;
    }

    /// <summary>Files the event's decline details, if it has any, for the look-up of the invoice failure that comes with it.</summary>
    private static void RememberDecline(GroupStep step, StripeEvent stripeEvent, MappedEvent mapped)
    {
        if (mapped.Decline is { } decline)
            foreach (var command in DeclineMemory.RememberCommands(decline, stripeEvent.Created))
                step.Write(command);
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
    private void LookUpDecline(GroupStep step, PaymentFailed failed)
    {
        var request = new DeclineLookupRequest(failed, clock.GetUtcNow());
        step.Write(dueJobs.ScheduleOnceCommand(step.Transaction,
            new NewDueJob(request.Key, DeclineLookupRequest.Kind, request, request.RequestedAt + lookupOptions.Value.WaitForPaymentEvent)));
    }
}
