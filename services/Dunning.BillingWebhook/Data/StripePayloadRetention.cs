using Dunning.Platform.Data;
using Dunning.Platform.Retention;

namespace Dunning.BillingWebhook.Data;

/// <summary>
/// Clears raw Stripe bodies received more than <see cref="RetentionOptions.StripePayloads"/> ago. The row stays, so Stripe
/// redelivering the event is still a duplicate (200, no second effect); the event can no longer be replayed.
/// </summary>
public static class StripePayloadRetention
{
    public static RetentionPurge Purge(ServiceDatabase database) => new("raw Stripe payloads", $"""
        UPDATE {database.Table("stripe_events")} SET payload = NULL, payload_purged_at = now() WHERE id = ANY(ARRAY(
            SELECT id FROM {database.Table("stripe_events")} WHERE payload IS NOT NULL AND received_at < now() - @keep LIMIT @batch))
        """, options => options.StripePayloads);
}
