using System.Text.Json;
using Dunning.BillingWebhook.Domain.Mapping;
using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.Outbox;
using Npgsql;
using NpgsqlTypes;

namespace Dunning.BillingWebhook.Data;

/// <summary>
/// Decline details from <c>payment_intent.payment_failed</c>, filed under the invoice its <c>payment_details.order_reference</c>
/// names, so the failure's decline look-up finds them without asking Stripe.
/// </summary>
public sealed class DeclineMemory(ServiceDatabase database)
{
    private readonly string _remember = $"""
        INSERT INTO {database.Table("declines")} AS filed (lookup_key, event_created, details) VALUES ($1, $2, $3)
        ON CONFLICT (lookup_key) DO UPDATE SET event_created = excluded.event_created, details = excluded.details
        WHERE filed.event_created <= excluded.event_created
        """;
    private readonly string _find = $"SELECT details::text FROM {database.Table("declines")} WHERE lookup_key = ANY($1) ORDER BY event_created DESC LIMIT 1";

    /// <summary>Files the details under each of the decline's look-up keys (a newer event's replace an older one's).</summary>
    public void Remember(UnitOfWork unit, RememberedDecline decline, DateTimeOffset created)
    {
        var details = JsonSerializer.Serialize(decline.Details, MessageJson.Options);
        foreach (var key in decline.LookupKeys)
            unit.Write(Statement.Of(_remember, key, created, new NpgsqlParameter { Value = details, NpgsqlDbType = NpgsqlDbType.Jsonb }));
    }

    /// <summary>The latest details filed under any of <paramref name="keys"/>; null when none are.</summary>
    public async Task<DeclineDetails?> FindAsync(UnitOfWork unit, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var found = await unit.ReadAsync(new Query<string>(Statement.Of(_find, keys.ToArray()), row => row.GetString(0)), cancellationToken);
        return found.Count == 0 ? null : JsonSerializer.Deserialize<DeclineDetails>(found[0], MessageJson.Options);
    }
}
