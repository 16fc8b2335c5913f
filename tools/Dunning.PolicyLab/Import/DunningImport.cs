using Dunning.Lab.History;
using Npgsql;
using NpgsqlTypes;

namespace Dunning.PolicyLab.Import;

/// <summary>
/// Dunning's own history: the scheduler's cases (<c>scheduler.cases</c>, one per failed invoice), their attempts from the case timeline
/// (<c>scheduler.case_events</c> of kind <c>attempt</c>: Stripe's, our retries, the customer's own) and how each ended from the metrics
/// ledger (<c>metrics.ledger</c>), paged by case id (time-ordered UUIDv7) in read-only transactions.
/// </summary>
public sealed class DunningImport(NpgsqlDataSource database, ImportArguments arguments) : IHistorySource
{
    private const string Cases = """
        SELECT c.id, c.invoice_id, c.customer_id, c.amount_minor, c.currency, c.card_brand, c.time_zone, c.status, c.closed_at,
               l.outcome, l.amount_minor, l.closed_at
        FROM scheduler.cases c LEFT JOIN metrics.ledger l ON l.invoice_id = c.invoice_id
        WHERE ($1::uuid IS NULL OR c.id > $1) AND ($2::timestamptz IS NULL OR c.failed_at >= $2)
        ORDER BY c.id LIMIT $3
        """;
    private const string Attempts = """
        SELECT case_id, at, attempt_source, decline::text FROM scheduler.case_events
        WHERE case_id = ANY($1) AND kind = 'attempt' AND attempt_source IS NOT NULL
        ORDER BY case_id, id
        """;

    public ImportCheckpoint Start() => new(arguments.Fingerprint, 0, ImportPass.Cases, null, 0);

    public async Task<(List<FailedInvoice> Found, ImportCheckpoint? Next)> PageAsync(ImportCheckpoint at, HistoryOutput output,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
            await readOnly.ExecuteNonQueryAsync(cancellationToken);

        var cases = await ReadAsync(connection, transaction, Cases, DunningCaseRow.Read, cancellationToken,
            Parameter(NpgsqlDbType.Uuid, at.After is null ? null : Guid.Parse(at.After)),
            Parameter(NpgsqlDbType.TimestampTz, arguments.Since?.ToUniversalTime()),
            Parameter(NpgsqlDbType.Integer, arguments.PageSize));
        var attempts = (await ReadAsync(connection, transaction, Attempts, DunningAttemptRow.Read, cancellationToken,
            Parameter(NpgsqlDbType.Array | NpgsqlDbType.Uuid, cases.Select(c => c.Id).ToArray()))).ToLookup(a => a.CaseId);
        var found = cases.Where(c => !output.Contains(c.InvoiceId)).Select(c => c.ToFailedInvoice(attempts[c.Id].ToList())).OfType<FailedInvoice>().ToList();
        return (found, cases.Count < arguments.PageSize ? null : at with { After = cases[^1].Id.ToString() });
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql,
        Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }

    private static NpgsqlParameter Parameter(NpgsqlDbType type, object? value) => new() { NpgsqlDbType = type, Value = value ?? DBNull.Value };
}
