using Dunning.Platform.Data;

namespace Dunning.RetryScheduler.Data;

/// <summary>Invoices settled with no open case (paid, voided, uncollectible), so a late PaymentFailed never reopens them.</summary>
public sealed class SettledInvoices(ServiceDatabase database)
{
    private readonly string _insert = $"INSERT INTO {database.Table("settled_invoices")} (invoice_id, outcome, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
    private readonly string _find = $"SELECT outcome FROM {database.Table("settled_invoices")} WHERE invoice_id = $1";

    public void Add(UnitOfWork unit, string invoiceId, string outcome, DateTimeOffset at) => unit.Write(Statement.Of(_insert, invoiceId, outcome, at));

    /// <summary>The outcome recorded for the invoice (a RecoveryMethod or LossReason name), or null.</summary>
    public async Task<string?> FindAsync(UnitOfWork unit, string invoiceId, CancellationToken cancellationToken) =>
        (await unit.ReadAsync(new Query<string>(Statement.Of(_find, invoiceId), row => row.GetString(0)), cancellationToken)).SingleOrDefault();
}
