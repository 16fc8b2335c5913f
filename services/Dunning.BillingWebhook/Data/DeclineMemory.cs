using System.Text.Json;
using Dunning.BillingWebhook.Domain.Mapping;
using Dunning.Contracts;
using Dunning.Platform.Outbox;
using Npgsql;
using NpgsqlTypes;

namespace Dunning.BillingWebhook.Data;

/// <summary>Decline details from <c>charge.failed</c> / <c>payment_intent.payment_failed</c>, kept for the invoice failure that follows.</summary>
public sealed class DeclineMemory
{
    private const string Remember = """
        INSERT INTO webhook.declines (lookup_key, event_created, details) VALUES (@key, @created, @details)
        ON CONFLICT (lookup_key) DO UPDATE SET event_created = excluded.event_created, details = excluded.details
        WHERE declines.event_created <= excluded.event_created
        """;
    private const string Find = "SELECT details::text FROM webhook.declines WHERE lookup_key = ANY(@keys) ORDER BY event_created DESC LIMIT 1";

    /// <summary>Files the details under each of the decline's look-up keys, in one round trip.</summary>
    public async Task RememberAsync(NpgsqlTransaction transaction, RememberedDecline decline, DateTimeOffset created, CancellationToken cancellationToken)
    {
        if (decline.LookupKeys.Count == 0) return;
        var details = JsonSerializer.Serialize(decline.Details, MessageJson.Options);
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        foreach (var key in decline.LookupKeys)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Remember)
            {
                Parameters = { new("key", key), new("created", created), new("details", NpgsqlDbType.Jsonb) { Value = details } },
            });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DeclineDetails?> FindAsync(NpgsqlTransaction transaction, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Find, transaction.Connection, transaction);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        return await command.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize<DeclineDetails>(json, MessageJson.Options)
            : null;
    }
}
