using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.Outbox;

namespace Dunning.Notification.Data;

/// <summary>The <c>card_reminders</c> table: at most one expiring-card reminder per customer, card and expiry.</summary>
public sealed class CardReminderStore(ServiceDatabase database, OutboxWriter outbox)
{
    private readonly string _check = $"""
        SELECT EXISTS (SELECT 1 FROM {database.Table("card_reminders")} WHERE reminder_id = $1),
               EXISTS (SELECT 1 FROM {database.Table("suppressions")} WHERE email = lower(btrim($2, E' \t\r\n')))
        """;
    private readonly string _insert = $"""
        INSERT INTO {database.Table("card_reminders")} (reminder_id, customer_id, subscription_id, payment_method_id, renews_at, message_id,
            recipient, locale, sent_at, own_time_sent_at, maybe_sent)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (reminder_id) DO NOTHING
        """;
    private readonly string _markMaybeSent = $"UPDATE {database.Table("card_reminders")} SET maybe_sent = true WHERE reminder_id = $1";
    private readonly string _markReplaced = $"""
        UPDATE {database.Table("card_reminders")} SET replaced_at = $2 WHERE reminder_id = $1 AND replaced_at IS NULL
        """;

    /// <summary>Whether the reminder went out already, and whether the address asked for no more email (one round trip).</summary>
    public async Task<(bool AlreadySent, bool Suppressed)> CheckAsync(UnitOfWork unit, string reminderId, string email,
        CancellationToken cancellationToken)
    {
        var rows = await unit.ReadAsync(new Query<(bool, bool)>(Statement.Of(_check, reminderId, email),
            row => (row.GetBoolean(0), row.GetBoolean(1))), cancellationToken);
        return rows[0];
    }

    /// <summary>
    /// Records the reminder and its <see cref="ExpiringCardReminded"/> outbox message now, before SMTP (a second run of the job waits
    /// on the uncommitted row); false when it was recorded already (send nothing).
    /// </summary>
    public async Task<bool> TryRecordAsync(UnitOfWork unit, CardReminder reminder, CancellationToken cancellationToken)
    {
        outbox.Add(unit, new ExpiringCardReminded(reminder.ReminderId, reminder.ReminderId, reminder.CustomerId, reminder.SubscriptionId,
            reminder.RenewsAt, reminder.OwnTimeSentAt));
        var insert = Statement.Of(_insert, reminder.ReminderId, reminder.CustomerId, reminder.SubscriptionId, reminder.PaymentMethodId,
            reminder.RenewsAt, reminder.MessageId, reminder.Recipient, reminder.Locale, reminder.SentAt, reminder.OwnTimeSentAt, reminder.MaybeSent);
        return await unit.ExecuteAsync(insert, cancellationToken) == 1;
    }

    public Task MarkMaybeSentAsync(UnitOfWork unit, string reminderId, CancellationToken cancellationToken) =>
        unit.ExecuteAsync(Statement.Of(_markMaybeSent, reminderId), cancellationToken);

    /// <summary>A failure prevented: marks the reminder's card replaced and tells the metrics service, once.</summary>
    public async Task MarkReplacedAsync(UnitOfWork unit, ExpiringCardReplaced replaced, CancellationToken cancellationToken)
    {
        if (await unit.ExecuteAsync(Statement.Of(_markReplaced, replaced.ReminderId, replaced.CheckedAt), cancellationToken) == 1)
            outbox.Add(unit, replaced);
    }
}
