using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.Outbox;
using Npgsql;

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
    private readonly string _rememberLocale = $"UPDATE {database.Table("cases")} SET locale = $2 WHERE invoice_id = $1";

    /// <summary>
    /// Records the send, the <paramref name="reminder"/> outbox message and, when given, the locale learnt from Stripe for the case,
    /// in one round trip; false when this (invoice, step) already has a record (send nothing; the outbox row is then the one
    /// already written with the same message id, so nothing new is published).
    /// </summary>
    public async Task<bool> TryRecordAsync(NpgsqlTransaction transaction, SentEmail email, ReminderSent reminder, string? localeToRemember,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        var insert = new NpgsqlBatchCommand(_insert)
        {
            Parameters =
            {
                new() { Value = email.InvoiceId }, new() { Value = email.Step }, new() { Value = email.MessageId },
                new() { Value = email.Recipient }, new() { Value = email.Locale }, new() { Value = email.SentAt },
                new() { Value = email.CaseSentAt }, new() { Value = email.MaybeSent },
            },
        };
        batch.BatchCommands.Add(insert);
        if (localeToRemember is not null)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_rememberLocale) { Parameters = { new() { Value = email.InvoiceId }, new() { Value = localeToRemember } } });
        batch.BatchCommands.Add(outbox.AddCommand(transaction, reminder));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return insert.RecordsAffected == 1;
    }

    /// <summary>Marks the send recorded in this transaction as maybe sent (the SMTP server gave no verdict on the whole message).</summary>
    public async Task MarkMaybeSentAsync(NpgsqlTransaction transaction, SentEmail email, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_markMaybeSent, transaction.Connection, transaction)
        {
            Parameters = { new() { Value = email.InvoiceId }, new() { Value = email.Step } },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
