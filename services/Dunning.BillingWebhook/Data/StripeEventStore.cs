using Dunning.BillingWebhook.DeclineLookup;
using Dunning.BillingWebhook.Domain;
using Dunning.BillingWebhook.Domain.Mapping;
using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Outbox;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Dunning.BillingWebhook.Data;

/// <summary>
/// Stores a genuine event once by its id together with its outgoing messages, in one unit of work:
/// the event (the webhook inbox), what it taught (known facts, remembered declines) and the outbox rows (or, for a failure, its
/// decline look-up).
/// Events that arrive at the same time share the transaction and its round trips (<see cref="UnitsOfWork"/>): the unit's
/// first round trip reads what its decisions need (its messages' objects' facts, whether it is stored already), the
/// decisions are made in memory, and one more round trip writes every event's rows; an event without messages is a single
/// insert, sent in the first. Every object an event reads or writes about (the event itself, its messages' objects) is locked
/// up front with the rest of its group's, in one order (<see cref="LocksOf"/>), and two events about the same object never
/// share a group: the second sees what the first committed. The events of one renewal touch the same invoice, subscription
/// and customer (why: ADR 009).
/// </summary>
public sealed class StripeEventStore(UnitsOfWork unitsOfWork, ServiceDatabase database, KnownFacts facts, DeclineMemory declines, OutboxWriter outbox,
    StripeEventMapper mapper, DueJobStore dueJobs, TimeProvider clock, IOptions<DeclineLookupOptions> lookupOptions)
{
    private readonly string _insert = $"""
        INSERT INTO {database.Table("stripe_events")} (id, type, created_at, payload, published_types) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (id) DO NOTHING
        """;
    private readonly string _isStored = $"SELECT EXISTS (SELECT 1 FROM {database.Table("stripe_events")} WHERE id = $1)";

    /// <summary>
    /// True when the event is new; false for a duplicate (nothing written). Returns once committed; events arriving at the
    /// same time share the transaction and its commit.
    /// </summary>
    public Task<bool> StoreAsync(StripeEvent stripeEvent, string body, CancellationToken cancellationToken)
    {
        var mapped = mapper.Map(stripeEvent);
        var locks = LocksOf(stripeEvent, mapped);
        // An event without messages is only its row: inserted as an early write, in the group's first round trip.
        if (locks.Length == 0)
            return unitsOfWork.RunAsync(locks, trip => trip.Write(Insert(stripeEvent, body, [])),
                (_, inserted, _) => Task.FromResult(inserted.RowsAffected == 1), cancellationToken);
        return unitsOfWork.RunAsync(locks, trip => Reads(trip, stripeEvent, mapped), (unit, reads, _) =>
        {
            var stored = Write(unit, reads, stripeEvent, body, mapped);
            if (stored && mapped.Decline is { } decline)
                declines.Remember(unit, decline, stripeEvent.Created);
            return Task.FromResult(stored);
        }, cancellationToken);
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

    /// <summary>The first round trip's reads: whether the event is stored, and each message's object's deciding facts.</summary>
    private EventReads Reads(FirstRoundTrip trip, StripeEvent stripeEvent, MappedEvent mapped) => new(
        trip.Read(new Query<bool>(Statement.Of(_isStored, stripeEvent.Id), row => row.GetBoolean(0))),
        [.. mapped.Messages.Select(message => trip.Read(facts.Deciding(message)))]);

    /// <summary>Decides from the reads what the event publishes and leaves its rows for the group's last round trip; false for a duplicate.</summary>
    private bool Write(UnitOfWork unit, EventReads reads, StripeEvent stripeEvent, string body, MappedEvent mapped)
    {
        if (reads.Stored.Rows is [true])
            return false;
        var publish = new List<Outgoing>();
        for (var i = 0; i < mapped.Messages.Count; i++)
        {
            var outgoing = mapped.Messages[i];
            if (!FactRules.MayPublish(outgoing, reads.Facts[i].Rows.ToHashSet(StringComparer.Ordinal)))
                continue;
            publish.Add(outgoing);
            // Stripe's invoice events never carry the failed charge (invoice.payments is expand-only): the look-up asks for it.
            if (outgoing.Message is PaymentFailed failed && failed.Decline == DeclineDetails.None)
                LookUpDecline(unit, failed);
            else
                outbox.Add(unit, outgoing.Message);
        }
        var publishedTypes = publish.Select(o => ContractTypes.NameOf(o.Message.GetType())).ToArray();
        // Cannot affect nothing while both deliveries of an event lock its id; if it does, the group re-runs and this one rolls back.
        unit.Write(Insert(stripeEvent, body, publishedTypes), mustAffectRows: true);
        foreach (var outgoing in publish)
            facts.Record(unit, outgoing, stripeEvent);
        return true;
    }

    private NpgsqlBatchCommand Insert(StripeEvent stripeEvent, string body, string[] publishedTypes) =>
        Statement.Of(_insert, stripeEvent.Id, stripeEvent.Type, stripeEvent.Created, new NpgsqlParameter { Value = body, NpgsqlDbType = NpgsqlDbType.Text },
            publishedTypes);

    /// <summary>The failure is published by <see cref="DeclineLookupJob"/> once Stripe told why (committed with the event, so never lost).</summary>
    private void LookUpDecline(UnitOfWork unit, PaymentFailed failed)
    {
        var request = new DeclineLookupRequest(failed, clock.GetUtcNow());
        var dueAt = request.RequestedAt + lookupOptions.Value.WaitForPaymentEvent;
        dueJobs.ScheduleOnce(unit, new NewDueJob(request.Key, DeclineLookupRequest.Kind, request, dueAt));
    }

    /// <summary>The first round trip's answers for one event.</summary>
    private sealed record EventReads(EarlyRead<bool> Stored, IReadOnlyList<EarlyRead<string>> Facts);
}
