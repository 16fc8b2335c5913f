using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.BillingWebhook.Data;

/// <summary>Received events for the ops API, newest first.</summary>
public sealed class StripeEventLog(NpgsqlDataSource dataSource, ServiceDatabase database)
{
    private readonly string _list = $"""
        SELECT id, type, created_at, received_at, published_types FROM {database.Table("stripe_events")}
        WHERE (@type::text IS NULL OR type = @type) AND (@since::timestamptz IS NULL OR created_at >= @since)
        ORDER BY created_at DESC, id LIMIT @limit
        """;

    public async Task<IReadOnlyList<ReceivedEvent>> ListAsync(string? type, DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(_list);
        command.Parameters.AddWithValue("type", NpgsqlTypes.NpgsqlDbType.Text, (object?)type ?? DBNull.Value);
        command.Parameters.AddWithValue("since", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)since ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        var events = new List<ReceivedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            events.Add(new ReceivedEvent(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<string[]>(4)));
        return events;
    }
}

/// <summary>One stored Stripe event as the ops API shows it.</summary>
public sealed record ReceivedEvent(string Id, string Type, DateTimeOffset Created, DateTimeOffset ReceivedAt, string[] PublishedTypes);
