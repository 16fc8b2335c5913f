using Dunning.Notification.Content;
using Dunning.Notification.Domain;
using Dunning.Platform.DueJobs;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dunning.Notification.Sending;

/// <summary>
/// Builds the MIME message: multipart text + HTML, the stable Message-ID, and the unsubscribe headers: <c>List-Unsubscribe</c>,
/// and <c>List-Unsubscribe-Post</c> (one-click) only when the link is HTTPS, as RFC 8058 requires of a one-click link.
/// A recipient address that does not parse fails the job for good (<see cref="PermanentJobFailure"/>).
/// </summary>
public sealed class EmailComposer(IOptions<SmtpOptions> smtp)
{
    public MimeMessage Compose(string recipient, string messageId, RenderedEmail email, string unsubscribeUrl, DateTimeOffset date)
    {
        var message = new MimeMessage
        {
            MessageId = messageId,
            Subject = email.Subject,
            Date = date,
            Body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html }.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress(smtp.Value.FromName, smtp.Value.From));
        message.To.Add(Recipient(recipient));
        message.Headers.Add("Content-Language", email.Locale);
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>");
        if (unsubscribeUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return message;
    }

    /// <summary>An address MimeKit cannot parse can never be sent to: its job is dead (the address is masked, as in the logs).</summary>
    private static MailboxAddress Recipient(string address)
    {
        try
        {
            return MailboxAddress.Parse(address);
        }
        catch (ParseException e)
        {
            throw new PermanentJobFailure($"the recipient address {EmailAddressMask.Mask(address)} is not a valid email address: {e.Message}", e);
        }
    }

    public string MessageIdFor(string invoiceId, string step) => StableMessageId.For(invoiceId, step, smtp.Value.From);
}
