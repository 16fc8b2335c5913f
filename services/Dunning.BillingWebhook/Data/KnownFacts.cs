using Dunning.BillingWebhook.Domain;
using Dunning.BillingWebhook.Domain.Mapping;
using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.BillingWebhook.Data;

/// <summary>
/// What is already known about Stripe objects (<c>known_facts</c>): it decides whether an outgoing message may be published,
/// and each published message records the fact it teaches. Facts of one object are decided one at a time: the deciding unit of
/// work holds the object's lock (<see cref="UnitOfWork.Lock"/>, or the locks its group takes), so concurrent deliveries cannot both win.
/// </summary>
public sealed class KnownFacts(ServiceDatabase database)
{
    private readonly string _read = $"SELECT fact FROM {database.Table("known_facts")} WHERE entity_id = $1 AND fact = ANY($2)";
    private readonly string _record = $"""
        INSERT INTO {database.Table("known_facts")} AS known (entity_id, fact, event_id, event_created) VALUES ($1, $2, $3, $4)
        ON CONFLICT (entity_id, fact) DO UPDATE SET event_id = excluded.event_id, event_created = excluded.event_created
        WHERE known.event_created < excluded.event_created
        """;

    /// <summary>Which of <paramref name="factNames"/> are known about <paramref name="entityId"/>.</summary>
    public Query<string> Of(string entityId, IEnumerable<string> factNames) =>
        new(Statement.Of(_read, entityId, factNames.ToArray()), row => row.GetString(0));

    /// <summary>The facts that decide whether <paramref name="outgoing"/> may be published: its own and those that block it.</summary>
    public Query<string> Deciding(Outgoing outgoing) => Of(outgoing.EntityId, outgoing.BlockedBy.Append(outgoing.Fact));

    /// <summary>Records what <paramref name="outgoing"/> teaches (a later event's fact replaces an earlier one's).</summary>
    public void Record(UnitOfWork unit, Outgoing outgoing, StripeEvent stripeEvent) =>
        unit.Write(Statement.Of(_record, outgoing.EntityId, outgoing.Fact, stripeEvent.Id, stripeEvent.Created));
}
