using Dunning.Contracts;
using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Metrics.Data;

/// <summary>
/// The <c>ledger</c> table, one row per dunning case (one failed invoice), whatever the redeliveries or order of its messages:
/// opened by the failure, closed by the recovery or the loss (which create the row when they arrive first); a closed row stays closed.
/// </summary>
public sealed class LedgerStore(ServiceDatabase database)
{
    private readonly string _open = $"""
        INSERT INTO {database.Table("ledger")} AS l (invoice_id, customer_id, subscription_id, amount_minor, currency, first_decline_code, card_brand,
                                                     failed_at, decline_seen_at, livemode)
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
    private readonly string _closeRecovered = $"""
        INSERT INTO {database.Table("ledger")} AS l (invoice_id, customer_id, subscription_id, amount_minor, currency, failed_at,
                                                     closed_at, outcome, recovery_method, recovered_attempt, experiment_id, arm, arm_control)
        VALUES (@invoice, @customer, @subscription, @amount, @currency, @failed, @closed, 'recovered', @method, @attempt,
                @experiment, @arm, @arm_control)
        ON CONFLICT (invoice_id) DO UPDATE SET
            failed_at = LEAST(l.failed_at, excluded.failed_at),
            closed_at = excluded.closed_at,
            outcome = excluded.outcome,
            recovery_method = excluded.recovery_method,
            recovered_attempt = excluded.recovered_attempt,
            experiment_id = excluded.experiment_id,
            arm = excluded.arm,
            arm_control = excluded.arm_control
        WHERE l.outcome = 'open'
        """;
    private readonly string _closeLost = $"""
        INSERT INTO {database.Table("ledger")} AS l (invoice_id, customer_id, subscription_id, amount_minor, currency, failed_at,
                                                     closed_at, outcome, loss_reason, experiment_id, arm, arm_control)
        VALUES (@invoice, @customer, @subscription, @amount, @currency, @failed, @closed, 'lost', @reason, @experiment, @arm, @arm_control)
        ON CONFLICT (invoice_id) DO UPDATE SET
            failed_at = LEAST(l.failed_at, excluded.failed_at),
            closed_at = excluded.closed_at,
            outcome = excluded.outcome,
            loss_reason = excluded.loss_reason,
            experiment_id = excluded.experiment_id,
            arm = excluded.arm,
            arm_control = excluded.arm_control
        WHERE l.outcome = 'open'
        """;
    private readonly string _countAttempt = $"""
        UPDATE {database.Table("ledger")} SET retry_attempts = GREATEST(retry_attempts, @attempt) WHERE invoice_id = @invoice
        """;
    private readonly string _countReminder = $"""
        UPDATE {database.Table("ledger")} SET reminders_sent = reminders_sent + 1 WHERE invoice_id = @invoice
        """;

    /// <summary>
    /// Opens the row: failed_at is the earliest failure, decline code and card brand come from that earliest failure, a row already
    /// closed keeps its outcome, and the case's livemode is the failure's (a close that arrived first could not say).
    /// </summary>
    public void Open(UnitOfWork unit, PaymentFailed failed)
    {
        var command = new NpgsqlBatchCommand(_open);
        command.Parameters.AddWithValue("invoice", failed.InvoiceId);
        command.Parameters.AddWithValue("customer", failed.CustomerId);
        command.Parameters.AddWithValue("subscription", (object?)failed.SubscriptionId ?? DBNull.Value);
        command.Parameters.AddWithValue("amount", failed.AmountMinor);
        command.Parameters.AddWithValue("currency", failed.Currency.ToLowerInvariant());
        command.Parameters.AddWithValue("decline", (object?)(failed.Decline.DeclineCode ?? failed.Decline.FailureCode) ?? DBNull.Value);
        command.Parameters.AddWithValue("brand", (object?)failed.Decline.CardBrand ?? DBNull.Value);
        command.Parameters.AddWithValue("failed", failed.OccurredAt);
        command.Parameters.AddWithValue("livemode", failed.Livemode);
        unit.Write(command);
    }

    public void CloseRecovered(UnitOfWork unit, PaymentRecovered recovered)
    {
        var command = Close(_closeRecovered, recovered.InvoiceId, recovered.CustomerId, recovered.SubscriptionId, recovered.AmountMinor,
            recovered.Currency, recovered.FailedAt, recovered.RecoveredAt, recovered.Experiment);
        command.Parameters.AddWithValue("method", recovered.Method.ToString());
        command.Parameters.AddWithValue("attempt", recovered.AttemptNumber);
        unit.Write(command);
    }

    public void CloseLost(UnitOfWork unit, RevenueLost lost)
    {
        var command = Close(_closeLost, lost.InvoiceId, lost.CustomerId, lost.SubscriptionId, lost.AmountMinor, lost.Currency, lost.FailedAt, lost.LostAt,
            lost.Experiment);
        command.Parameters.AddWithValue("reason", lost.Reason.ToString());
        unit.Write(command);
    }

    /// <summary>Counts a retry attempt on the row (when it exists; counts are informational).</summary>
    public void CountAttempt(UnitOfWork unit, RetryAttempted attempted) =>
        unit.Write(new NpgsqlBatchCommand(_countAttempt)
        {
            Parameters = { new NpgsqlParameter("invoice", attempted.InvoiceId), new NpgsqlParameter("attempt", attempted.AttemptNumber) },
        });

    /// <summary>Counts a reminder email on the row (when it exists; counts are informational).</summary>
    public void CountReminder(UnitOfWork unit, ReminderSent reminder) =>
        unit.Write(new NpgsqlBatchCommand(_countReminder) { Parameters = { new NpgsqlParameter("invoice", reminder.InvoiceId) } });

    /// <summary>A close (recovered or lost) with the parameters both bind, the case's experiment arm among them.</summary>
    private static NpgsqlBatchCommand Close(string sql, string invoiceId, string customerId, string? subscriptionId, long amountMinor, string currency,
        DateTimeOffset failedAt, DateTimeOffset closedAt, ExperimentArm? arm)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("invoice", invoiceId);
        command.Parameters.AddWithValue("customer", customerId);
        command.Parameters.AddWithValue("subscription", (object?)subscriptionId ?? DBNull.Value);
        command.Parameters.AddWithValue("amount", amountMinor);
        command.Parameters.AddWithValue("currency", currency.ToLowerInvariant());
        command.Parameters.AddWithValue("failed", failedAt);
        command.Parameters.AddWithValue("closed", closedAt);
        command.Parameters.AddWithValue("experiment", (object?)arm?.ExperimentId ?? DBNull.Value);
        command.Parameters.AddWithValue("arm", (object?)arm?.Arm ?? DBNull.Value);
        command.Parameters.AddWithValue("arm_control", (object?)arm?.Control ?? DBNull.Value);
        return command;
    }
}
