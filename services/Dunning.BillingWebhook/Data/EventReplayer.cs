using Dunning.BillingWebhook.Domain;
using Dunning.Platform.Outbox;
using Dunning.Platform.Data;

namespace Dunning.BillingWebhook.Data;

/// <summary>
/// Re-publishes the messages a stored event published at intake: the same message ids (derived from the event id),
/// so downstream inboxes drop what they already handled. Rows still in the outbox are queued again as they are.
/// </summary>
public sealed class EventReplayer(UnitsOfWork unitsOfWork, ServiceDatabase database, OutboxWriter outbox, StripeEventMapper mapper)
{
    private readonly string _load = $"SELECT payload, published_types, payload_purged_at FROM {database.Table("stripe_events")} WHERE id = $1";
    private readonly string _requeue = $"UPDATE {database.Table("outbox")} SET sent_at = NULL WHERE id = $1";

    /// <summary>What the replay did: nothing for an event never received or whose payload retention cleared, else how many messages it queued again.</summary>
    public Task<Replay> ReplayAsync(string eventId, CancellationToken cancellationToken) =>
        unitsOfWork.RunAsync(async (unit, token) =>
        {
            var stored = await unit.ReadAsync(new Query<StoredEvent>(Statement.Of(_load, eventId), row => new StoredEvent(
                row.IsDBNull(0) ? null : row.GetString(0), row.GetFieldValue<string[]>(1),
                row.IsDBNull(2) ? null : row.GetFieldValue<DateTimeOffset>(2))), token);
            if (stored is not [var (body, publishedTypes, purgedAt)])
                return new Replay(Received: false, PayloadPurgedAt: null, Republished: 0);
            if (body is null)
                return new Replay(Received: true, PayloadPurgedAt: purgedAt, Republished: 0);
            var stripeEvent = StripeEvent.TryParse(body, out _) ?? throw new InvalidOperationException($"Stored event {eventId} no longer parses");

            var count = 0;
            foreach (var outgoing in mapper.Map(stripeEvent).Messages.Where(o => publishedTypes.Contains(ContractTypes.NameOf(o.Message.GetType()))))
            {
                // A failure published after its decline look-up is still in the outbox under the same id, with its details: requeued as it is.
                outbox.Add(unit, outgoing.Message);
                unit.Write(Statement.Of(_requeue, MessageIds.For(outgoing.Message)));
                count++;
            }
            return new Replay(Received: true, PayloadPurgedAt: null, Republished: count);
        }, cancellationToken);

    private sealed record StoredEvent(string? Body, string[] PublishedTypes, DateTimeOffset? PurgedAt);
}

/// <summary>What a replay did: the event was received or not, its payload was cleared by retention (when), messages queued again.</summary>
public sealed record Replay(bool Received, DateTimeOffset? PayloadPurgedAt, int Republished);
