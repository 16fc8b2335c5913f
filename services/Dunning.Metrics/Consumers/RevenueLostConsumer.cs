using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Metrics.Consumers;

/// <summary>Closes a ledger row as lost; creates it when the close arrives before the failure. A closed row stays closed.</summary>
public sealed class RevenueLostConsumer(ConsumerServices services) : IdempotentWriteConsumer<RevenueLost>(services)
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

    protected override IEnumerable<NpgsqlBatchCommand> Writes(RevenueLost message)
    {
        var close = new NpgsqlBatchCommand(Close);
        LedgerClose.Bind(close.Parameters, message.InvoiceId, message.CustomerId, message.SubscriptionId, message.AmountMinor, message.Currency, message.FailedAt, message.LostAt);
        close.Parameters.AddWithValue("reason", message.Reason.ToString());
        return message.SubscriptionId is not null && InvoluntaryChurn.IsPaymentLoss(message.Reason)
            ? [close, InvoluntaryChurn.MarkCanceled(message.SubscriptionId)]
            : [close];
    }
}
