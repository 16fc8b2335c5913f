using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Metrics.Consumers;

/// <summary>Closes a ledger row as lost; creates it when the close arrives before the failure. A closed row stays closed.</summary>
public sealed class RevenueLostConsumer(ConsumerServices services) : IdempotentConsumer<RevenueLost>(services)
{
    private const string Close = """
        INSERT INTO metrics.ledger AS l (invoice_id, customer_id, subscription_id, amount_minor, currency, failed_at,
                                         closed_at, outcome, loss_reason)
        VALUES (@invoice, @customer, @subscription, @amount, @currency, @failed, @closed, 'lost', @reason)
        ON CONFLICT (invoice_id) DO UPDATE SET
            failed_at = LEAST(l.failed_at, excluded.failed_at),
            closed_at = excluded.closed_at,
            outcome = excluded.outcome,
            loss_reason = excluded.loss_reason
        WHERE l.outcome = 'open'
        """;

    // A subscription that ends after its payment was lost ended because of failed payment, even when the cancel
    // came through the API (our final action), where Stripe records cancellation_requested.
    private const string MarkInvoluntary = """
        UPDATE metrics.subscriptions SET cancel_reason = 'payment_failed'
        WHERE subscription_id = @subscription AND canceled_at IS NOT NULL AND cancel_reason IS DISTINCT FROM 'payment_failed'
        """;

    protected override async Task HandleAsync(RevenueLost message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        LedgerMessageGuard.EnsureValid(message.AmountMinor, message.Currency);
        await using var command = new NpgsqlCommand(Close, transaction.Connection, transaction);
        command.Parameters.AddWithValue("invoice", message.InvoiceId);
        command.Parameters.AddWithValue("customer", message.CustomerId);
        command.Parameters.AddWithValue("subscription", (object?)message.SubscriptionId ?? DBNull.Value);
        command.Parameters.AddWithValue("amount", message.AmountMinor);
        command.Parameters.AddWithValue("currency", message.Currency.ToLowerInvariant());
        command.Parameters.AddWithValue("failed", message.FailedAt);
        command.Parameters.AddWithValue("closed", message.LostAt);
        command.Parameters.AddWithValue("reason", message.Reason.ToString());
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (message.SubscriptionId is not null && InvoluntaryChurn.IsPaymentLoss(message.Reason))
            await InvoluntaryChurn.MarkAsync(MarkInvoluntary, message.SubscriptionId, transaction, cancellationToken);
    }
}
