namespace Dunning.Notification.Tests.Support;

/// <summary>What the service's own tables say about an invoice.</summary>
public static class NotificationQueries
{
    public static Task<long> PendingJobsAsync(this NotificationService service, string invoiceId) =>
        service.Database.CountAsync($"SELECT count(*) FROM notification.due_jobs WHERE job_key LIKE 'email:{invoiceId}:%'");

    public static Task<long> PendingJobAsync(this NotificationService service, string invoiceId, string step) =>
        service.Database.CountAsync($"SELECT count(*) FROM notification.due_jobs WHERE job_key = 'email:{invoiceId}:{step}'");

    public static Task<long> FailedJobsAsync(this NotificationService service, string invoiceId) =>
        service.Database.CountAsync($"SELECT count(*) FROM notification.due_jobs WHERE job_key LIKE 'email:{invoiceId}:%' AND last_error IS NOT NULL");

    public static Task<long> SentAsync(this NotificationService service, string invoiceId) =>
        service.Database.CountAsync($"SELECT count(*) FROM notification.sent_emails WHERE invoice_id = '{invoiceId}'");

    public static Task<long> MaybeSentAsync(this NotificationService service, string invoiceId) =>
        service.Database.CountAsync($"SELECT count(*) FROM notification.sent_emails WHERE invoice_id = '{invoiceId}' AND maybe_sent");

    public static Task<long> ReminderSentMessagesAsync(this NotificationService service, string invoiceId) =>
        service.Database.CountAsync(
            $"SELECT count(*) FROM notification.outbox WHERE message_type LIKE '%ReminderSent%' AND body->>'invoiceId' = '{invoiceId}'");
}
