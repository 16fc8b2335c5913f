using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Notification.BusinessWebhooks;

/// <summary>The <c>business_webhooks</c> table: each event to the business once, and how its delivery went.</summary>
public sealed class BusinessWebhookLog(ServiceDatabase database)
{
    private const string Columns = """
        event_id, type, invoice_id, customer_id, payload, created_at, status, attempts, last_attempt_at, last_status, last_error, delivered_at
        """;
    private readonly string _insert = $"""
        INSERT INTO {database.Table("business_webhooks")} (event_id, type, invoice_id, customer_id, payload, created_at)
        VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING
        """;
    private readonly string _find = $"SELECT {Columns} FROM {database.Table("business_webhooks")} WHERE event_id = $1";
    private readonly string _recordAttempt = $"""
        UPDATE {database.Table("business_webhooks")} SET status = $2, attempts = attempts + 1, last_attempt_at = $3, last_status = $4,
            last_error = $5, delivered_at = CASE WHEN $2 = 'delivered' THEN $3 END
        WHERE event_id = $1
        """;
    private readonly string _resend = $"""
        UPDATE {database.Table("business_webhooks")} SET status = 'pending' WHERE event_id = $1 RETURNING event_id
        """;
    private readonly string _recent = $"""
        SELECT {Columns} FROM {database.Table("business_webhooks")}
        WHERE ($1::text IS NULL OR invoice_id = $1) AND ($2::text IS NULL OR status = $2)
        ORDER BY created_at DESC, event_id LIMIT $3
        """;

    /// <summary>Records the event, unless an event with its id is already recorded (the same effect, told before).</summary>
    public void Add(UnitOfWork unit, BusinessEvent e) =>
        unit.Write(Statement.Of(_insert, e.Id, e.Type, e.InvoiceId, e.CustomerId, e.ToJson(), e.Created));

    public async Task<BusinessWebhookDelivery?> FindAsync(UnitOfWork unit, string eventId, CancellationToken cancellationToken) =>
        (await unit.ReadAsync(new Query<BusinessWebhookDelivery>(Statement.Of(_find, eventId), Read), cancellationToken)).SingleOrDefault();

    /// <summary>Records one delivery attempt: what the endpoint answered (null: no answer) and where the delivery now stands.</summary>
    public void RecordAttempt(UnitOfWork unit, string eventId, string status, DateTimeOffset at, int? httpStatus, string? error) =>
        unit.Write(Statement.Of(_recordAttempt, eventId, status, at, httpStatus, error));

    /// <summary>Puts a delivery back to pending (the ops view's re-send); false for an unknown event.</summary>
    public async Task<bool> ResendAsync(UnitOfWork unit, string eventId, CancellationToken cancellationToken) =>
        (await unit.ReadAsync(new Query<string>(Statement.Of(_resend, eventId), row => row.GetString(0)), cancellationToken)).Count == 1;

    /// <summary>The latest deliveries, newest first, of one invoice or in one status when given.</summary>
    public Task<IReadOnlyList<BusinessWebhookDelivery>> RecentAsync(UnitOfWork unit, string? invoiceId, string? status, int limit,
        CancellationToken cancellationToken) =>
        unit.ReadAsync(new Query<BusinessWebhookDelivery>(Statement.Of(_recent, invoiceId, status, limit), Read), cancellationToken);

    private static BusinessWebhookDelivery Read(NpgsqlDataReader row) => new(row.GetString(0), row.GetString(1), row.GetString(2),
        row.GetString(3), row.GetString(4), row.GetFieldValue<DateTimeOffset>(5), row.GetString(6), row.GetInt32(7),
        row.IsDBNull(8) ? null : row.GetFieldValue<DateTimeOffset>(8), row.IsDBNull(9) ? null : row.GetInt32(9),
        row.IsDBNull(10) ? null : row.GetString(10), row.IsDBNull(11) ? null : row.GetFieldValue<DateTimeOffset>(11));
}
