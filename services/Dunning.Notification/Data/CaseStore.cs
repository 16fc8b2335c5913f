using Dunning.Notification.Domain;
using Dunning.Platform.Data;

namespace Dunning.Notification.Data;

/// <summary>The <c>cases</c> table: opened by failures, closed by recovery or loss (read when an email is due by <see cref="EmailCandidateStore"/>).</summary>
public sealed class CaseStore(ServiceDatabase database)
{
    private readonly string _recordFailure = $"""
        INSERT INTO {database.Table("cases")} AS c
            (invoice_id, customer_id, subscription_id, email, amount_minor, currency, hosted_url, decline_kind, failed_at, clock_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (invoice_id) DO UPDATE SET failed_at = excluded.failed_at, decline_kind = excluded.decline_kind, clock_id = excluded.clock_id,
            email = coalesce(c.email, excluded.email), hosted_url = coalesce(excluded.hosted_url, c.hosted_url), updated_at = now()
        WHERE c.failed_at IS NULL
        RETURNING status
        """;
    private readonly string _recordActionRequired = $"""
        INSERT INTO {database.Table("cases")} AS c (invoice_id, customer_id, subscription_id, email, amount_minor, currency, hosted_url)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (invoice_id) DO UPDATE SET email = coalesce(c.email, excluded.email),
            hosted_url = coalesce(excluded.hosted_url, c.hosted_url), updated_at = now()
        RETURNING status
        """;
    private readonly string _close = $"""
        UPDATE {database.Table("cases")} SET status = $2, updated_at = now() WHERE invoice_id = $1 RETURNING invoice_id
        """;
    private readonly string _closeSubscription = $"""
        UPDATE {database.Table("cases")} SET status = $2, updated_at = now()
        WHERE subscription_id = $1 AND status <> 'Recovered' RETURNING invoice_id
        """;
    private readonly string _graceUntil = $"UPDATE {database.Table("cases")} SET grace_until = $2, updated_at = now() WHERE invoice_id = $1";
    private readonly string _clockOf = $"SELECT clock_id FROM {database.Table("cases")} WHERE invoice_id = $1";
    private readonly string _customersOf = $"""
        SELECT customer_id FROM {database.Table("cases")} WHERE lower(email) = lower($1) AND email IS NOT NULL
        GROUP BY customer_id ORDER BY max(updated_at) DESC LIMIT 20
        """;

    /// <summary>The customers whose cases went to <paramref name="email"/> (the case console's lookup), latest first.</summary>
    public Task<IReadOnlyList<string>> CustomersByEmailAsync(UnitOfWork unit, string email, CancellationToken cancellationToken) =>
        unit.ReadAsync(new Query<string>(Statement.Of(_customersOf, email), row => row.GetString(0)), cancellationToken);

    /// <summary>Opens the case on its first failure; returns its status then, or null when this was not the first failure.</summary>
    public async Task<CaseStatus?> RecordFirstFailureAsync(UnitOfWork unit, Contracts.PaymentFailed failed, CancellationToken cancellationToken)
    {
        var statuses = await unit.ReadAsync(Statuses(Statement.Of(_recordFailure, failed.InvoiceId, failed.CustomerId, failed.SubscriptionId,
            failed.CustomerEmail, failed.AmountMinor, failed.Currency, failed.HostedInvoiceUrl, DeclineKinds.Classify(failed.Decline).ToString(),
            failed.OccurredAt, failed.TestClockId)), cancellationToken);
        return statuses.Count == 0 ? null : statuses[0];
    }

    /// <summary>Records when the case's grace period ends, as the scheduler's latest plan says (a case never heard of is left alone).</summary>
    public void RecordGraceUntil(UnitOfWork unit, string invoiceId, DateTimeOffset graceUntil) =>
        unit.Write(Statement.Of(_graceUntil, invoiceId, graceUntil));

    /// <summary>The Stripe test clock the invoice's case runs on; null for wall time or an invoice never heard of.</summary>
    public async Task<string?> ClockOfAsync(UnitOfWork unit, string invoiceId, CancellationToken cancellationToken)
    {
        var clocks = await unit.ReadAsync(new Query<string?>(Statement.Of(_clockOf, invoiceId), row => row.IsDBNull(0) ? null : row.GetString(0)),
            cancellationToken);
        return clocks.Count == 0 ? null : clocks[0];
    }

    /// <summary>Whether this service has a case for the invoice, open or closed.</summary>
    public async Task<bool> ExistsAsync(UnitOfWork unit, string invoiceId, CancellationToken cancellationToken) =>
        (await unit.ReadAsync(new Query<bool>(Statement.Of(_clockOf, invoiceId), _ => true), cancellationToken)).Count > 0;

    /// <summary>Creates or refreshes the case for a 3-D Secure request; returns its status.</summary>
    public async Task<CaseStatus> RecordActionRequiredAsync(UnitOfWork unit, Contracts.PaymentActionRequired required, CancellationToken cancellationToken)
    {
        var statuses = await unit.ReadAsync(Statuses(Statement.Of(_recordActionRequired, required.InvoiceId, required.CustomerId, required.SubscriptionId,
            required.CustomerEmail, required.AmountMinor, required.Currency, required.HostedInvoiceUrl)), cancellationToken);
        return statuses[0];
    }

    /// <summary>Closes the case; returns false when the service never heard of the invoice.</summary>
    public async Task<bool> CloseAsync(UnitOfWork unit, string invoiceId, CaseStatus status, CancellationToken cancellationToken) =>
        (await unit.ReadAsync(InvoiceIds(Statement.Of(_close, invoiceId, status.ToString())), cancellationToken)).Count > 0;

    /// <summary>Closes every unrecovered case of a subscription; returns their invoice ids.</summary>
    public Task<IReadOnlyList<string>> CloseSubscriptionAsync(UnitOfWork unit, string subscriptionId, CaseStatus status, CancellationToken cancellationToken) =>
        unit.ReadAsync(InvoiceIds(Statement.Of(_closeSubscription, subscriptionId, status.ToString())), cancellationToken);

    private static Query<CaseStatus> Statuses(Npgsql.NpgsqlBatchCommand command) => new(command, row => Enum.Parse<CaseStatus>(row.GetString(0)));

    private static Query<string> InvoiceIds(Npgsql.NpgsqlBatchCommand command) => new(command, row => row.GetString(0));
}
