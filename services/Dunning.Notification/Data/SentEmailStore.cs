using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.Outbox;

namespace Dunning.Notification.Data;

/// <summary>The <c>sent_emails</c> table: one row per (invoice, step), the proof an email went out.</summary>
public sealed class SentEmailStore(ServiceDatabase database, OutboxWriter outbox)
{
    private readonly string _insert = $"""
        INSERT INTO {database.Table("sent_emails")} (invoice_id, step, message_id, recipient, locale, sent_at, case_sent_at, maybe_sent)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (invoice_id, step) DO NOTHING
        """;
    private readonly string _markMaybeSent = $"UPDATE {database.Table("sent_emails")} SET maybe_sent = true WHERE invoice_id = $1 AND step = $2";
    private readonly string _ofInvoice = $"""
        SELECT invoice_id, step, message_id, recipient, locale, sent_at, coalesce(case_sent_at, sent_at), maybe_sent
        FROM {database.Table("sent_emails")} WHERE invoice_id = $1 ORDER BY sent_at, step
        """;
    private readonly string _rememberLocale = $"UPDATE {database.Table("cases")} SET locale = $2 WHERE invoice_id = $1";

    /// <summary>
    /// Records the send, the <paramref name="reminder"/> outbox message and, when given, the locale learnt from Stripe for the case,
    /// in one round trip that runs now (before the email is handed to SMTP: a second run of the job waits on the uncommitted
    /// record); false when this (invoice, step) already has a record (send nothing; the outbox row is then the one already
    /// written with the same message id, so nothing new is published).
    /// </summary>
    public async Task<bool> TryRecordAsync(UnitOfWork unit, SentEmail email, ReminderSent reminder, string? localeToRemember,
        CancellationToken cancellationToken)
    {
        if (localeToRemember is not null)
            unit.Write(Statement.Of(_rememberLocale, email.InvoiceId, localeToRemember));
        outbox.Add(unit, reminder);
        var insert = Statement.Of(_insert, email.InvoiceId, email.Step, email.MessageId, email.Recipient, email.Locale, email.SentAt,
            email.CaseSentAt, email.MaybeSent);
        return await unit.ExecuteAsync(insert, cancellationToken) == 1;
    }

    /// <summary>
    /// Marks the send recorded in this unit of work as maybe sent (the SMTP server gave no verdict on the whole message). It runs
    /// now, within the handler: a mark that cannot be written fails the job's run (nothing commits, the job runs again).
    /// </summary>
    public Task MarkMaybeSentAsync(UnitOfWork unit, SentEmail email, CancellationToken cancellationToken) =>
        unit.ExecuteAsync(Statement.Of(_markMaybeSent, email.InvoiceId, email.Step), cancellationToken);

    /// <summary>The emails recorded for the invoice, in the order they went out (the case console's timeline).</summary>
    public Task<IReadOnlyList<SentEmail>> OfInvoiceAsync(UnitOfWork unit, string invoiceId, CancellationToken cancellationToken) =>
        unit.ReadAsync(new Query<SentEmail>(Statement.Of(_ofInvoice, invoiceId), row => new SentEmail(row.GetString(0), row.GetString(1),
            row.GetString(2), row.GetString(3), row.GetString(4), row.GetFieldValue<DateTimeOffset>(5), row.GetFieldValue<DateTimeOffset>(6),
            row.GetBoolean(7))), cancellationToken);
}
