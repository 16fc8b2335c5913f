using Dunning.Contracts;
using Dunning.Platform.Data;

namespace Dunning.Notification.Data;

/// <summary>The <c>customer_locales</c> table: what Stripe's customer events said, the newest event winning (they arrive in any order).</summary>
public sealed class CustomerLocaleStore(ServiceDatabase database)
{
    private readonly string _upsert = $"""
        INSERT INTO {database.Table("customer_locales")} (customer_id, preferred_locales, changed_at) VALUES ($1, $2, $3)
        ON CONFLICT (customer_id) DO UPDATE SET preferred_locales = excluded.preferred_locales, changed_at = excluded.changed_at
        WHERE customer_locales.changed_at < excluded.changed_at
        """;

    public void Record(UnitOfWork unit, CustomerLocalesChanged message) =>
        unit.Write(Statement.Of(_upsert, message.CustomerId, message.PreferredLocales.ToArray(), message.OccurredAt));
}
