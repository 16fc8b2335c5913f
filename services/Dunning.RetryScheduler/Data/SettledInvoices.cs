using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.RetryScheduler.Data;

/// <summary>Invoices settled with no open case (paid, voided, uncollectible), so a late PaymentFailed never reopens them.</summary>
public sealed class SettledInvoices(ServiceDatabase database)
{
    private readonly string _insert = $"INSERT INTO {database.Table("settled_invoices")} (invoice_id, outcome, at) VALUES (@id, @outcome, @at) ON CONFLICT DO NOTHING";
    private readonly string _find = $"SELECT outcome FROM {database.Table("settled_invoices")} WHERE invoice_id = @id";

    public async Task AddAsync(NpgsqlTransaction transaction, string invoiceId, string outcome, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_insert, transaction.Connection, transaction);
        command.Parameters.AddWithValue("id", invoiceId);
        command.Parameters.AddWithValue("outcome", outcome);
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The outcome recorded for the invoice (a RecoveryMethod or LossReason name), or null.</summary>
    public async Task<string?> FindAsync(NpgsqlTransaction transaction, string invoiceId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_find, transaction.Connection, transaction);
        command.Parameters.AddWithValue("id", invoiceId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
