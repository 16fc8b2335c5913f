using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Notification.Data;

/// <summary>The <c>sent_emails</c> table: one row per (invoice, step), the proof an email went out.</summary>
public sealed class SentEmailStore(ServiceDatabase database)
{
    private readonly string _insert = $"""
        INSERT INTO {database.Table("sent_emails")} (invoice_id, step, message_id, recipient, locale, sent_at)
        VALUES (@invoice, @step, @messageId, @recipient, @locale, @at)
        ON CONFLICT (invoice_id, step) DO NOTHING
        """;

    /// <summary>Records the send; false when this (invoice, step) already has one (send nothing).</summary>
    public async Task<bool> TryRecordAsync(NpgsqlTransaction transaction, string invoiceId, string step, string messageId, string recipient,
        string locale, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_insert, transaction.Connection, transaction);
        command.Parameters.AddWithValue("invoice", invoiceId);
        command.Parameters.AddWithValue("step", step);
        command.Parameters.AddWithValue("messageId", messageId);
        command.Parameters.AddWithValue("recipient", recipient);
        command.Parameters.AddWithValue("locale", locale);
        command.Parameters.AddWithValue("at", sentAt);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
