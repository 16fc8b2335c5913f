using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Metrics.Consumers;

/// <summary>Closes a ledger row as recovered; creates it when the close arrives before the failure. A closed row stays closed.</summary>
public sealed class PaymentRecoveredConsumer(ConsumerServices services) : IdempotentWriteConsumer<PaymentRecovered>(services)
{
    private const string Close = """
        INSERT INTO metrics.ledger AS l (invoice_id, customer_id, subscription_id, amount_minor, currency, failed_at,
                                         closed_at, outcome, recovery_method, recovered_attempt)
        VALUES (@invoice, @customer, @subscription, @amount, @currency, @failed, @closed, 'recovered', @method, @attempt)
        ON CONFLICT (invoice_id) DO UPDATE SET
            failed_at = LEAST(l.failed_at, excluded.failed_at),
            closed_at = excluded.closed_at,
            outcome = excluded.outcome,
            recovery_method = excluded.recovery_method,
            recovered_attempt = excluded.recovered_attempt
        WHERE l.outcome = 'open'
        """;

    protected override IEnumerable<NpgsqlBatchCommand> Writes(PaymentRecovered message)
    {
        var command = new NpgsqlBatchCommand(Close);
        LedgerClose.Bind(command.Parameters, message.InvoiceId, message.CustomerId, message.SubscriptionId, message.AmountMinor, message.Currency, message.FailedAt, message.RecoveredAt);
        command.Parameters.AddWithValue("method", message.Method.ToString());
        command.Parameters.AddWithValue("attempt", message.AttemptNumber);
        return [command];
    }
}
