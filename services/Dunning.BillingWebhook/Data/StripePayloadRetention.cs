using Dunning.Platform.Retention;

namespace Dunning.BillingWebhook.Data;

/// <summary>
/// Clears raw Stripe bodies received more than <see cref="RetentionOptions.StripePayloads"/> ago. The row stays, so Stripe
/// redelivering the event is still a duplicate (200, no second effect); the event can no longer be replayed.
/// </summary>
public static class StripePayloadRetention
{
    public static RetentionPurge Purge { get; } = new("raw Stripe payloads", """
        UPDATE webhook.stripe_events SET payload = NULL, payload_purged_at = now() WHERE id = ANY(ARRAY(
            SELECT id FROM webhook.stripe_events WHERE payload IS NOT NULL AND received_at < now() - @keep LIMIT @batch))
        """, options => options.StripePayloads);
}
