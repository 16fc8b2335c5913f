using MailKit.Net.Smtp;

namespace Dunning.Notification.Sending;

/// <summary>
/// SMTP replies that mean this email will never be taken as it stands, so its job is dead rather than run again: a 5xx to
/// RCPT TO (no such mailbox, an address the server finds malformed) or to the message itself (DATA: content refused).
/// A 5xx to MAIL FROM is not one: the sender is the same for every email, so it is this service's setting (<c>Smtp__From</c>)
/// that is wrong, not the job; such jobs keep retrying (and die only at <c>DueJobs__MaxFailures</c>).
/// </summary>
public static class PermanentSmtpRejection
{
    public static bool Applies(SmtpCommandException exception) =>
        (int)exception.StatusCode >= 500 && exception.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted;

    public static string Reason(SmtpCommandException exception) =>
        $"the SMTP server refused the {(exception.ErrorCode == SmtpErrorCode.RecipientNotAccepted ? "recipient" : "message")} for good: "
        + $"{(int)exception.StatusCode} {exception.Message}";
}
