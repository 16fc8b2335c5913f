using Dunning.Notification.Domain;
using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Notification.Data;

/// <summary>The <c>cases</c> table: opened by failures, closed by recovery or loss (read when an email is due by <see cref="EmailCandidateStore"/>).</summary>
public sealed class CaseStore(ServiceDatabase database)
{
    private readonly string _recordFailure = $"""
        INSERT INTO {database.Table("cases")} AS c (invoice_id, customer_id, subscription_id, email, amount_minor, currency, hosted_url, decline_kind, failed_at, clock_id)
        VALUES (@invoice, @customer, @subscription, @email, @amount, @currency, @url, @decline, @at, @clock)
        ON CONFLICT (invoice_id) DO UPDATE SET failed_at = excluded.failed_at, decline_kind = excluded.decline_kind, clock_id = excluded.clock_id,
            email = coalesce(c.email, excluded.email), hosted_url = coalesce(excluded.hosted_url, c.hosted_url), updated_at = now()
        WHERE c.failed_at IS NULL
        RETURNING status
        """;
    private readonly string _recordActionRequired = $"""
        INSERT INTO {database.Table("cases")} AS c (invoice_id, customer_id, subscription_id, email, amount_minor, currency, hosted_url)
        VALUES (@invoice, @customer, @subscription, @email, @amount, @currency, @url)
        ON CONFLICT (invoice_id) DO UPDATE SET email = coalesce(c.email, excluded.email),
            hosted_url = coalesce(excluded.hosted_url, c.hosted_url), updated_at = now()
        RETURNING status
        """;
    private readonly string _close = $"""
        UPDATE {database.Table("cases")} SET status = @status, updated_at = now() WHERE invoice_id = @invoice RETURNING invoice_id
        """;
    private readonly string _closeSubscription = $"""
        UPDATE {database.Table("cases")} SET status = @status, updated_at = now()
        WHERE subscription_id = @subscription AND status <> 'Recovered' RETURNING invoice_id
        """;
    private readonly string _clockOf = $"SELECT clock_id FROM {database.Table("cases")} WHERE invoice_id = @invoice";

    /// <summary>Opens the case on its first failure; returns its status then, or null when this was not the first failure.</summary>
    public async Task<CaseStatus?> RecordFirstFailureAsync(NpgsqlTransaction transaction, Contracts.PaymentFailed failed, CancellationToken cancellationToken)
    {
        await using var command = Command(_recordFailure, transaction, failed.InvoiceId);
        AddCaseFields(command, failed.CustomerId, failed.SubscriptionId, failed.CustomerEmail, failed.AmountMinor, failed.Currency, failed.HostedInvoiceUrl);
        command.Parameters.AddWithValue("decline", DeclineKinds.Classify(failed.Decline).ToString());
        command.Parameters.AddWithValue("at", failed.OccurredAt);
        command.Parameters.AddWithValue("clock", (object?)failed.TestClockId ?? DBNull.Value);
        return await command.ExecuteScalarAsync(cancellationToken) is string status ? Enum.Parse<CaseStatus>(status) : null;
    }

    /// <summary>The Stripe test clock the invoice's case runs on; null for wall time or an invoice never heard of.</summary>
    public async Task<string?> ClockOfAsync(NpgsqlTransaction transaction, string invoiceId, CancellationToken cancellationToken)
    {
        await using var command = Command(_clockOf, transaction, invoiceId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Creates or refreshes the case for a 3-D Secure request; returns its status.</summary>
    public async Task<CaseStatus> RecordActionRequiredAsync(NpgsqlTransaction transaction, Contracts.PaymentActionRequired required, CancellationToken cancellationToken)
    {
        await using var command = Command(_recordActionRequired, transaction, required.InvoiceId);
        AddCaseFields(command, required.CustomerId, required.SubscriptionId, required.CustomerEmail, required.AmountMinor, required.Currency, required.HostedInvoiceUrl);
        return Enum.Parse<CaseStatus>((string)(await command.ExecuteScalarAsync(cancellationToken))!);
    }

    /// <summary>Closes the case; returns false when the service never heard of the invoice.</summary>
    public async Task<bool> CloseAsync(NpgsqlTransaction transaction, string invoiceId, CaseStatus status, CancellationToken cancellationToken)
    {
        await using var command = Command(_close, transaction, invoiceId);
        command.Parameters.AddWithValue("status", status.ToString());
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Closes every unrecovered case of a subscription; returns their invoice ids.</summary>
    public async Task<List<string>> CloseSubscriptionAsync(NpgsqlTransaction transaction, string subscriptionId, CaseStatus status, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_closeSubscription, transaction.Connection, transaction);
        command.Parameters.AddWithValue("subscription", subscriptionId);
        command.Parameters.AddWithValue("status", status.ToString());
        var invoices = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) invoices.Add(reader.GetString(0));
        return invoices;
    }

    private static NpgsqlCommand Command(string sql, NpgsqlTransaction transaction, string invoiceId)
    {
        var command = new NpgsqlCommand(sql, transaction.Connection, transaction);
        command.Parameters.AddWithValue("invoice", invoiceId);
        return command;
    }

    private static void AddCaseFields(NpgsqlCommand command, string customer, string? subscription, string? email, long amount, string currency, string? url)
    {
        command.Parameters.AddWithValue("customer", customer);
        command.Parameters.AddWithValue("subscription", (object?)subscription ?? DBNull.Value);
        command.Parameters.AddWithValue("email", (object?)email ?? DBNull.Value);
        command.Parameters.AddWithValue("amount", amount);
        command.Parameters.AddWithValue("currency", currency);
        command.Parameters.AddWithValue("url", (object?)url ?? DBNull.Value);
    }

}
