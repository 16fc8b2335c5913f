using System.Text.Json;
using Dunning.BillingWebhook.Domain.Mapping;
using Dunning.Contracts;
using Dunning.Platform.Outbox;
using Npgsql;
using NpgsqlTypes;

namespace Dunning.BillingWebhook.Data;

/// <summary>
/// Decline details from <c>payment_intent.payment_failed</c>, filed under the invoice its <c>payment_details.order_reference</c>
/// names, so the failure's decline look-up finds them without asking Stripe.
/// </summary>
public sealed class DeclineMemory
{
    private const string Remember = """
        INSERT INTO webhook.declines (lookup_key, event_created, details) VALUES (@key, @created, @details)
        ON CONFLICT (lookup_key) DO UPDATE SET event_created = excluded.event_created, details = excluded.details
        WHERE declines.event_created <= excluded.event_created
        """;
    private const string Find = "SELECT details::text FROM webhook.declines WHERE lookup_key = ANY(@keys) ORDER BY event_created DESC LIMIT 1";

    /// <summary>Files the details under each of the decline's look-up keys: a command per key, for a round trip the caller makes anyway.</summary>
    public static IEnumerable<NpgsqlBatchCommand> RememberCommands(RememberedDecline decline, DateTimeOffset created)
    {
        var details = JsonSerializer.Serialize(decline.Details, MessageJson.Options);
        return decline.LookupKeys.Select(key => new NpgsqlBatchCommand(Remember)
        {
            Parameters = { new("key", key), new("created", created), new("details", NpgsqlDbType.Jsonb) { Value = details } },
        });
    }

    public async Task<DeclineDetails?> FindAsync(NpgsqlTransaction transaction, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Find, transaction.Connection, transaction);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        return Parse(await command.ExecuteScalarAsync(cancellationToken));
    }

    private static DeclineDetails? Parse(object? details) =>
        details is string json ? JsonSerializer.Deserialize<DeclineDetails>(json, MessageJson.Options) : null;
}
