using Dunning.Notification.Domain;
using Dunning.Platform.Data;

namespace Dunning.Notification.Data;

/// <summary>A customer's open cases and language, read for <see cref="CustomerStanding"/>.</summary>
public sealed class StandingStore(ServiceDatabase database)
{
    // One row per open case (or one without a case), each with the customer's language: one round trip per standing.
    private readonly string _standing = $"""
        SELECT c.invoice_id, c.amount_minor, c.currency, coalesce(c.failed_at, c.updated_at), c.grace_until, c.hosted_url,
               language.preferred, language.of_cases
        FROM (SELECT (SELECT preferred_locales FROM {database.Table("customer_locales")} WHERE customer_id = $1) AS preferred,
                     (SELECT locale FROM {database.Table("cases")} WHERE customer_id = $1 AND locale IS NOT NULL
                      ORDER BY updated_at DESC LIMIT 1) AS of_cases) language
        LEFT JOIN {database.Table("cases")} c ON c.customer_id = $1 AND c.status = 'Open'
        """;
    private readonly string _openCase = $"""
        SELECT invoice_id, amount_minor, currency, coalesce(failed_at, updated_at), grace_until, hosted_url, customer_id
        FROM {database.Table("cases")} WHERE invoice_id = $1 AND status = 'Open'
        """;

    /// <summary>The case of the invoice while it is open, with its customer; null once closed or never heard of.</summary>
    public async Task<OpenCase?> OpenCaseAsync(UnitOfWork unit, string invoiceId, CancellationToken cancellationToken) =>
        (await unit.ReadAsync(new Query<OpenCase>(Statement.Of(_openCase, invoiceId), row => new OpenCase(row.GetString(6), ReadOpenInvoice(row))),
            cancellationToken)).SingleOrDefault();

    public async Task<CustomerStanding> ReadAsync(UnitOfWork unit, string customerId, CancellationToken cancellationToken)
    {
        var rows = await unit.ReadAsync(new Query<(OpenInvoice? Open, string Language)>(Statement.Of(_standing, customerId), row => (
            row.IsDBNull(0) ? null : ReadOpenInvoice(row),
            !row.IsDBNull(6) ? Locales.Choose(row.GetFieldValue<string[]>(6)) : Locales.Normalize(row.IsDBNull(7) ? null : row.GetString(7)))),
            cancellationToken);
        return CustomerStanding.Of(customerId, [.. rows.Select(r => r.Open).OfType<OpenInvoice>()], rows[0].Language);
    }

    private static OpenInvoice ReadOpenInvoice(Npgsql.NpgsqlDataReader row) => new(row.GetString(0), row.GetInt64(1), row.GetString(2),
        row.GetFieldValue<DateTimeOffset>(3), row.IsDBNull(4) ? null : row.GetFieldValue<DateTimeOffset>(4), row.IsDBNull(5) ? null : row.GetString(5));
}

/// <summary>An open case with its customer.</summary>
public sealed record OpenCase(string CustomerId, OpenInvoice Invoice);
