using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Metrics.Consumers;

/// <summary>Opens the ledger row of a failed invoice (once per invoice, whatever the redeliveries).</summary>
public sealed class PaymentFailedConsumer(ConsumerServices services) : IdempotentConsumer<PaymentFailed>(services)
{
    private const string Open = """
        INSERT INTO metrics.ledger (invoice_id, customer_id, subscription_id, amount_minor, currency, first_decline_code, card_brand, failed_at)
        VALUES (@invoice, @customer, @subscription, @amount, @currency, @decline, @brand, @failed)
        ON CONFLICT (invoice_id) DO UPDATE SET failed_at = LEAST(metrics.ledger.failed_at, excluded.failed_at)
        """;

    protected override async Task HandleAsync(PaymentFailed message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Open, transaction.Connection, transaction);
        command.Parameters.AddWithValue("invoice", message.InvoiceId);
        command.Parameters.AddWithValue("customer", message.CustomerId);
        command.Parameters.AddWithValue("subscription", (object?)message.SubscriptionId ?? DBNull.Value);
        command.Parameters.AddWithValue("amount", message.AmountMinor);
        command.Parameters.AddWithValue("currency", message.Currency);
        command.Parameters.AddWithValue("decline", (object?)(message.Decline.DeclineCode ?? message.Decline.FailureCode) ?? DBNull.Value);
        command.Parameters.AddWithValue("brand", (object?)message.Decline.CardBrand ?? DBNull.Value);
        command.Parameters.AddWithValue("failed", message.OccurredAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
