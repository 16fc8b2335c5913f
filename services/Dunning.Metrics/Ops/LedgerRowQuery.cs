using Dunning.Metrics.Data;
using Dunning.Platform.Data;

namespace Dunning.Metrics.Ops;

/// <summary>One invoice's ledger row, as the case console shows it: what finance's figures count for the case.</summary>
public sealed record LedgerRow(string InvoiceId, string CustomerId, long AmountMinor, string Currency, string Mode, string? FirstDeclineCode,
    string? CardBrand, DateTimeOffset FailedAt, DateTimeOffset? ClosedAt, string Outcome, string? RecoveryMethod, string? LossReason,
    int? RecoveredAttempt, int RetryAttempts, int RemindersSent);

/// <summary>Reads one invoice's ledger row (read-only, on the reports' data source).</summary>
public sealed class LedgerRowQuery(ReportDatabase reports, ServiceDatabase database)
{
    private readonly string _row = $"""
        SELECT invoice_id, customer_id, amount_minor, currency, CASE WHEN livemode THEN 'live' ELSE 'test' END, first_decline_code, card_brand,
               failed_at, closed_at, outcome, recovery_method, loss_reason, recovered_attempt, retry_attempts, reminders_sent
        FROM {database.Table("ledger")} WHERE invoice_id = $1
        """;

    public async Task<LedgerRow?> ReadAsync(string invoiceId, CancellationToken cancellationToken)
    {
        await using var command = reports.DataSource.CreateCommand(_row);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = invoiceId });
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
            return null;
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new LedgerRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), Text(5), Text(6),
            r.GetFieldValue<DateTimeOffset>(7), r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8), r.GetString(9), Text(10), Text(11),
            r.IsDBNull(12) ? null : r.GetInt32(12), r.GetInt32(13), r.GetInt32(14));
    }
}
