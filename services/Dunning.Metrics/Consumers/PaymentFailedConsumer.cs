using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Metrics.Consumers;

/// <summary>
/// Opens the ledger row of a failed invoice (once per invoice, whatever the redeliveries or order):
/// failed_at is the earliest failure, decline code and card brand come from that earliest failure,
/// a row already closed keeps its outcome, and the case's livemode is the failure's (a close that arrived first could not say).
/// </summary>
public sealed class PaymentFailedConsumer(ConsumerServices services) : IdempotentWriteConsumer<PaymentFailed>(services)
{
    private const string Open = """
        INSERT INTO metrics.ledger AS l (invoice_id, customer_id, subscription_id, amount_minor, currency, first_decline_code, card_brand, failed_at, decline_seen_at, livemode)
        VALUES (@invoice, @customer, @subscription, @amount, @currency, @decline, @brand, @failed, @failed, @livemode)
        ON CONFLICT (invoice_id) DO UPDATE SET
            failed_at = LEAST(l.failed_at, excluded.failed_at),
            subscription_id = coalesce(l.subscription_id, excluded.subscription_id),
            first_decline_code = CASE WHEN l.decline_seen_at IS NULL OR excluded.failed_at < l.decline_seen_at
                                      THEN excluded.first_decline_code ELSE l.first_decline_code END,
            card_brand = CASE WHEN l.decline_seen_at IS NULL OR excluded.failed_at < l.decline_seen_at
                              THEN excluded.card_brand ELSE l.card_brand END,
            decline_seen_at = LEAST(l.decline_seen_at, excluded.failed_at),
            livemode = excluded.livemode
        """;

    protected override IEnumerable<NpgsqlBatchCommand> Writes(PaymentFailed message)
    {
        LedgerMessageGuard.EnsureValid(message.AmountMinor, message.Currency);
        var command = new NpgsqlBatchCommand(Open);
        command.Parameters.AddWithValue("invoice", message.InvoiceId);
        command.Parameters.AddWithValue("customer", message.CustomerId);
        command.Parameters.AddWithValue("subscription", (object?)message.SubscriptionId ?? DBNull.Value);
        command.Parameters.AddWithValue("amount", message.AmountMinor);
        command.Parameters.AddWithValue("currency", message.Currency.ToLowerInvariant());
        command.Parameters.AddWithValue("decline", (object?)(message.Decline.DeclineCode ?? message.Decline.FailureCode) ?? DBNull.Value);
        command.Parameters.AddWithValue("brand", (object?)message.Decline.CardBrand ?? DBNull.Value);
        command.Parameters.AddWithValue("failed", message.OccurredAt);
        command.Parameters.AddWithValue("livemode", message.Livemode);
        return [command];
    }
}
