namespace Dunning.Notification.Data;

/// <summary>One row of <c>sent_emails</c>: the proof that the email of (invoice, step) went out.</summary>
public sealed record SentEmail(string InvoiceId, string Step, string MessageId, string Recipient, string Locale, DateTimeOffset SentAt);
