namespace Dunning.Notification.Data;

/// <summary>
/// One row of <c>card_reminders</c>: an expiring-card reminder sent at <paramref name="SentAt"/> (wall time) and
/// <paramref name="OwnTimeSentAt"/> (the subscription's own time: its test clock's, if it runs on one), or maybe sent (the SMTP
/// server got all of it without a verdict; never sent again).
/// </summary>
public sealed record CardReminder(string ReminderId, string CustomerId, string SubscriptionId, string PaymentMethodId, DateTimeOffset RenewsAt,
    string MessageId, string Recipient, string Locale, DateTimeOffset SentAt, DateTimeOffset OwnTimeSentAt, bool MaybeSent = false);
