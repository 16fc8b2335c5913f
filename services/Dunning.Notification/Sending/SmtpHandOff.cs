using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using MimeKit;
using Dunning.Platform.Data;

namespace Dunning.Notification.Sending;

/// <summary>
/// Hands an email whose send is recorded in the job's unit of work to SMTP. When the SMTP server got the whole message but
/// gave no verdict (<see cref="SmtpMaybeSentException"/>), the record becomes maybe sent and the job completes instead of
/// failing: a relay slower than our wait had taken every copy, so sending again repeated the email without end (decision 003).
/// </summary>
public sealed partial class SmtpHandOff(SmtpSender smtp, SentEmailStore sent, SendingMetrics metrics, ILogger<SmtpHandOff> logger)
{
    /// <summary>Sends; returns the record as it now stands (<see cref="SentEmail.MaybeSent"/> when no verdict came).</summary>
    public async Task<SentEmail> SendAsync(UnitOfWork unit, SentEmail record, MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await smtp.SendAsync(message, cancellationToken);
            return record;
        }
        catch (SmtpMaybeSentException e)
        {
            // Not the job's token: a send cut short by the service stopping is maybe sent too, and is recorded so.
            await sent.MarkMaybeSentAsync(unit, record, CancellationToken.None);
            LogMaybeSent(e, record.Step, record.InvoiceId, EmailAddressMask.Mask(record.Recipient), record.MessageId);
            metrics.MaybeSent(record.Step);
            return record with { MaybeSent = true };
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Maybe sent {Step} for invoice {InvoiceId} to {Recipient}: the SMTP server got the whole message (Message-ID {MessageId}) " +
                  "but gave no verdict; it is not sent again, the relay's log tells whether it went out")]
    private partial void LogMaybeSent(Exception exception, string step, string invoiceId, string recipient, string messageId);
}
