using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Metrics.Consumers;

/// <summary>
/// Records when and why a subscription ended (the first cancellation wins). A subscription whose payment was already
/// lost (retries exhausted or a hard decline) ended because of failed payment, whatever reason Stripe recorded.
/// </summary>
public sealed class SubscriptionCanceledConsumer(ConsumerServices services) : IdempotentWriteConsumer<SubscriptionCanceled>(services)
{
    private const string Cancel = $"""
        INSERT INTO metrics.subscriptions AS s (subscription_id, customer_id, canceled_at, cancel_reason, livemode)
        VALUES (@subscription, @customer, @canceled,
                CASE WHEN {InvoluntaryChurn.HasPaymentLossSql} THEN 'payment_failed' ELSE @reason END, @livemode)
        ON CONFLICT (subscription_id) DO UPDATE SET canceled_at = excluded.canceled_at, cancel_reason = excluded.cancel_reason,
                                                    livemode = excluded.livemode
        WHERE s.canceled_at IS NULL OR excluded.canceled_at < s.canceled_at
        """;

    protected override IEnumerable<NpgsqlBatchCommand> Writes(SubscriptionCanceled message)
    {
        var command = new NpgsqlBatchCommand(Cancel);
        command.Parameters.AddWithValue("subscription", message.SubscriptionId);
        command.Parameters.AddWithValue("customer", message.CustomerId);
        command.Parameters.AddWithValue("canceled", message.CanceledAt);
        command.Parameters.AddWithValue("reason", (object?)message.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("livemode", message.Livemode);
        return [command];
    }
}
