namespace Dunning.Notification.Data;

/// <summary>
/// One row of <c>sent_emails</c>: the proof that the email of (invoice, step) went out, at <paramref name="SentAt"/> (wall time)
/// and <paramref name="CaseSentAt"/> (the case's own time: its test clock's, if it runs on one); or, <see cref="MaybeSent"/>,
/// that the SMTP server got all of it without a verdict: it may have gone out, and it is never sent again.
/// </summary>
public sealed record SentEmail(string InvoiceId, string Step, string MessageId, string Recipient, string Locale, DateTimeOffset SentAt,
    DateTimeOffset CaseSentAt, bool MaybeSent = false);
