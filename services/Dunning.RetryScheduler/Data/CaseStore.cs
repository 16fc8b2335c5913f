using Dunning.Platform.Data;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Experiments;
using Npgsql;

namespace Dunning.RetryScheduler.Data;

/// <summary>Reads and writes <c>scheduler.cases</c> in a unit of work (for <see cref="CaseRepository"/>).</summary>
public sealed class CaseStore(ServiceDatabase database)
{
    private const string Columns = """
        id, invoice_id, customer_id, subscription_id, amount_minor, currency, card_fingerprint, card_brand, time_zone,
        status, attempts, pay_calls, next_attempt_at, next_attempt_rule, new_card_pending, last_pay_call_at, paused,
        failed_at, opened_at, closed_at, outcome, payment_method_id, new_payment_method_id, pay_key_renewals, clock_id, backup_cards_tried,
        own_card_fingerprint, own_card_brand, stripe_attempt_count, experiment_id, arm
        """;
    // The case's arm as it was defined (the arms never change), read with the row: the case plans with it without another round trip.
    private readonly string _select = $"""
        SELECT {Columns},
            (SELECT a.control FROM {database.Table("experiment_arms")} a WHERE a.experiment_id = cases.experiment_id AND a.name = cases.arm),
            (SELECT a.policy FROM {database.Table("experiment_arms")} a WHERE a.experiment_id = cases.experiment_id AND a.name = cases.arm)
        FROM {database.Table("cases")} cases
        """;
    private readonly string _insert = $"""
        INSERT INTO {database.Table("cases")} ({Columns}) VALUES
        (@id, @invoice, @customer, @subscription, @amount, @currency, @fingerprint, @brand, @zone, @status, @attempts, @pay_calls,
         @next_at, @next_rule, @new_card, @last_pay, @paused, @failed_at, @opened_at, @closed_at, @outcome, @pm, @new_pm, @key_renewals, @clock, @backups,
         @own_fingerprint, @own_brand, @stripe_attempts, @experiment, @arm)
        """;
    private readonly string _update = $"""
        UPDATE {database.Table("cases")} SET card_fingerprint = @fingerprint, card_brand = @brand, status = @status, attempts = @attempts,
            pay_calls = @pay_calls, next_attempt_at = @next_at, next_attempt_rule = @next_rule, new_card_pending = @new_card,
            last_pay_call_at = @last_pay, paused = @paused, closed_at = @closed_at, outcome = @outcome,
            payment_method_id = @pm, new_payment_method_id = @new_pm, pay_key_renewals = @key_renewals, backup_cards_tried = @backups,
            own_card_fingerprint = @own_fingerprint, own_card_brand = @own_brand, stripe_attempt_count = @stripe_attempts
        WHERE id = @id
        """;

    /// <summary>The invoice's case, its row locked until the unit of work ends.</summary>
    public async Task<CaseState?> FindByInvoiceAsync(UnitOfWork unit, string invoiceId, CancellationToken cancellationToken) =>
        (await unit.ReadAsync(Cases($"{_select} WHERE invoice_id = $1 FOR UPDATE", invoiceId), cancellationToken)).SingleOrDefault();

    /// <summary>The case, its row locked until the unit of work ends.</summary>
    public async Task<CaseState?> FindAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken) =>
        (await unit.ReadAsync(Cases($"{_select} WHERE id = $1 FOR UPDATE", id), cancellationToken)).SingleOrDefault();

    /// <summary>The invoice's case (none or one), not locked.</summary>
    public Task<IReadOnlyList<CaseState>> OfInvoiceAsync(UnitOfWork unit, string invoiceId, CancellationToken cancellationToken) =>
        unit.ReadAsync(Cases($"{_select} WHERE invoice_id = $1", invoiceId), cancellationToken);

    /// <summary>The customer's cases, open or closed, newest first, not locked.</summary>
    public Task<IReadOnlyList<CaseState>> OfCustomerAsync(UnitOfWork unit, string customerId, int limit, CancellationToken cancellationToken) =>
        unit.ReadAsync(new Query<CaseState>(Statement.Of($"{_select} WHERE customer_id = $1 ORDER BY opened_at DESC LIMIT $2", customerId, limit), Read),
            cancellationToken);

    /// <summary>The customer's open cases, oldest first, their rows locked.</summary>
    public Task<IReadOnlyList<CaseState>> OpenForCustomerAsync(UnitOfWork unit, string customerId, CancellationToken cancellationToken) =>
        unit.ReadAsync(Cases($"{_select} WHERE customer_id = $1 AND status = 'open' ORDER BY opened_at FOR UPDATE", customerId), cancellationToken);

    /// <summary>The subscription's open cases, oldest first, their rows locked.</summary>
    public Task<IReadOnlyList<CaseState>> OpenForSubscriptionAsync(UnitOfWork unit, string subscriptionId, CancellationToken cancellationToken) =>
        unit.ReadAsync(Cases($"{_select} WHERE subscription_id = $1 AND status = 'open' ORDER BY opened_at FOR UPDATE", subscriptionId), cancellationToken);

    /// <summary>Open, unpaused cases by next attempt time (the ops view of what comes next).</summary>
    public Task<IReadOnlyList<CaseState>> DueAsync(UnitOfWork unit, int limit, CancellationToken cancellationToken) =>
        unit.ReadAsync(Cases($"{_select} WHERE status = 'open' AND NOT paused AND next_attempt_at IS NOT NULL ORDER BY next_attempt_at LIMIT $1", limit),
            cancellationToken);

    public void Insert(UnitOfWork unit, CaseState c) => unit.Write(Write(_insert, c));

    public void Update(UnitOfWork unit, CaseState c) => unit.Write(Write(_update, c));

    private static NpgsqlBatchCommand Write(string sql, CaseState c)
    {
        var command = new NpgsqlBatchCommand(sql);
        var p = command.Parameters;
        p.AddWithValue("id", c.Id);
        p.AddWithValue("invoice", c.InvoiceId);
        p.AddWithValue("customer", c.CustomerId);
        p.AddWithValue("subscription", (object?)c.SubscriptionId ?? DBNull.Value);
        p.AddWithValue("amount", c.AmountMinor);
        p.AddWithValue("currency", c.Currency);
        p.AddWithValue("fingerprint", (object?)c.CardFingerprint ?? DBNull.Value);
        p.AddWithValue("brand", (object?)c.CardBrand ?? DBNull.Value);
        p.AddWithValue("zone", (object?)c.TimeZone ?? DBNull.Value);
        p.AddWithValue("status", c.Status.ToString().ToLowerInvariant());
        p.AddWithValue("attempts", c.Attempts);
        p.AddWithValue("pay_calls", c.PayCalls);
        p.AddWithValue("next_at", (object?)c.NextAttemptAt ?? DBNull.Value);
        p.AddWithValue("next_rule", (object?)c.NextAttemptRule ?? DBNull.Value);
        p.AddWithValue("new_card", c.NewCardPending);
        p.AddWithValue("last_pay", (object?)c.LastPayCallAt ?? DBNull.Value);
        p.AddWithValue("paused", c.Paused);
        p.AddWithValue("failed_at", c.FailedAt);
        p.AddWithValue("opened_at", c.OpenedAt);
        p.AddWithValue("closed_at", (object?)c.ClosedAt ?? DBNull.Value);
        p.AddWithValue("outcome", (object?)c.Outcome ?? DBNull.Value);
        p.AddWithValue("pm", (object?)c.PaymentMethodId ?? DBNull.Value);
        p.AddWithValue("new_pm", (object?)c.NewPaymentMethodId ?? DBNull.Value);
        p.AddWithValue("key_renewals", c.PayKeyRenewals);
        p.AddWithValue("clock", (object?)c.ClockId ?? DBNull.Value);
        p.AddWithValue("backups", c.TriedBackupCards.ToArray());
        p.AddWithValue("own_fingerprint", (object?)c.OwnCardFingerprint ?? DBNull.Value);
        p.AddWithValue("own_brand", (object?)c.OwnCardBrand ?? DBNull.Value);
        p.AddWithValue("stripe_attempts", c.StripeAttemptCount);
        p.AddWithValue("experiment", (object?)c.Experiment?.ExperimentId ?? DBNull.Value);
        p.AddWithValue("arm", (object?)c.Experiment?.Arm ?? DBNull.Value);
        return command;
    }

    private static Query<CaseState> Cases(string sql, object key) => new(Statement.Of(sql, key), Read);

    private static CaseState Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), Text(r, 3), r.GetInt64(4), r.GetString(5), Text(r, 6), Text(r, 7), Text(r, 8),
        Enum.Parse<CaseStatus>(r.GetString(9), ignoreCase: true), r.GetInt32(10), r.GetInt32(11), Time(r, 12), Text(r, 13), r.GetBoolean(14),
        Time(r, 15), r.GetBoolean(16), r.GetFieldValue<DateTimeOffset>(17), r.GetFieldValue<DateTimeOffset>(18), Time(r, 19), Text(r, 20),
        Text(r, 21), Text(r, 22), r.GetInt32(23), Text(r, 24), r.GetFieldValue<string[]>(25), Text(r, 26), Text(r, 27),
        r.GetInt32(28), Arm(r));

    /// <summary>The case's arm: its experiment and name (columns 29, 30), and the arm's definition (31, 32).</summary>
    private static CaseArm? Arm(NpgsqlDataReader r) =>
        r.IsDBNull(29) ? null : new CaseArm(r.GetGuid(29), r.GetString(30), r.GetBoolean(31), PolicyOverrides.Stored(r.GetString(32)));

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}
