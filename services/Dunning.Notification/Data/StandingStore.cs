using Dunning.Notification.Domain;
using Dunning.Platform.Data;

namespace Dunning.Notification.Data;

/// <summary>A customer's open cases and language, read for <see cref="CustomerStanding"/>.</summary>
public sealed class StandingStore(ServiceDatabase database)
{
    private readonly string _openCases = $"""
        SELECT invoice_id, amount_minor, currency, coalesce(failed_at, updated_at), grace_until, hosted_url
        FROM {database.Table("cases")} WHERE customer_id = $1 AND status = 'Open'
        """;
    private readonly string _openCase = $"""
        SELECT invoice_id, amount_minor, currency, coalesce(failed_at, updated_at), grace_until, hosted_url, customer_id
        FROM {database.Table("cases")} WHERE invoice_id = $1 AND status = 'Open'
        """;
    private readonly string _language = $"""
        SELECT l.preferred_locales, (SELECT c.locale FROM {database.Table("cases")} c
                                     WHERE c.customer_id = $1 AND c.locale IS NOT NULL ORDER BY c.updated_at DESC LIMIT 1)
        FROM (SELECT 1) one LEFT JOIN {database.Table("customer_locales")} l ON l.customer_id = $1
        """;

    /// <summary>The case of the invoice while it is open, with its customer; null once closed or never heard of.</summary>
    public async Task<OpenCase?> OpenCaseAsync(UnitOfWork unit, string invoiceId, CancellationToken cancellationToken) =>
        (await unit.ReadAsync(new Query<OpenCase>(Statement.Of(_openCase, invoiceId), row => new OpenCase(row.GetString(6), ReadOpenInvoice(row))),
            cancellationToken)).SingleOrDefault();

    public async Task<CustomerStanding> ReadAsync(UnitOfWork unit, string customerId, CancellationToken cancellationToken)
    {
        var open = await unit.ReadAsync(new Query<OpenInvoice>(Statement.Of(_openCases, customerId), ReadOpenInvoice), cancellationToken);
        var language = await unit.ReadAsync(new Query<string>(Statement.Of(_language, customerId), row =>
            !row.IsDBNull(0) ? Locales.Choose(row.GetFieldValue<string[]>(0)) : Locales.Normalize(row.IsDBNull(1) ? null : row.GetString(1))),
            cancellationToken);
        return CustomerStanding.Of(customerId, open, language[0]);
    }

    private static OpenInvoice ReadOpenInvoice(Npgsql.NpgsqlDataReader row) => new(row.GetString(0), row.GetInt64(1), row.GetString(2),
        row.GetFieldValue<DateTimeOffset>(3), row.IsDBNull(4) ? null : row.GetFieldValue<DateTimeOffset>(4), row.IsDBNull(5) ? null : row.GetString(5));
}

/// <summary>An open case with its customer.</summary>
public sealed record OpenCase(string CustomerId, OpenInvoice Invoice);
