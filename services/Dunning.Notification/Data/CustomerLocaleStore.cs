using Dunning.Contracts;
using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Notification.Data;

/// <summary>The <c>customer_locales</c> table: what Stripe's customer events said, the newest event winning (they arrive in any order).</summary>
public sealed class CustomerLocaleStore(ServiceDatabase database)
{
    private readonly string _upsert = $"""
        INSERT INTO {database.Table("customer_locales")} (customer_id, preferred_locales, changed_at) VALUES ($1, $2, $3)
        ON CONFLICT (customer_id) DO UPDATE SET preferred_locales = excluded.preferred_locales, changed_at = excluded.changed_at
        WHERE customer_locales.changed_at < excluded.changed_at
        """;

    public async Task RecordAsync(NpgsqlTransaction transaction, CustomerLocalesChanged message, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_upsert, transaction.Connection, transaction)
        {
            Parameters = { new() { Value = message.CustomerId }, new() { Value = message.PreferredLocales.ToArray() }, new() { Value = message.OccurredAt } },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
