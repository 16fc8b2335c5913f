using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Platform.DueJobs;
using MailKit.Net.Smtp;
using MimeKit;
using Dunning.Platform.Data;

namespace Dunning.Notification.Sending;

/// <summary>
/// Hands an email whose send is recorded in the job's unit of work to SMTP. When the SMTP server got the whole message but
/// gave no verdict (<see cref="SmtpMaybeSentException"/>), the record becomes maybe sent and the job completes instead of
/// failing: a relay slower than our wait had taken every copy, so sending again repeated the email without end (decision 003).
/// An email the server refuses for good (<see cref="PermanentSmtpRejection"/>) makes its job dead: sending it again cannot help.
/// </summary>
public sealed partial class SmtpHandOff(SmtpSender smtp, SentEmailStore sent, SendingMetrics metrics, ILogger<SmtpHandOff> logger)
{
    /// <summary>Sends; returns the record as it now stands (<see cref="SentEmail.MaybeSent"/> when no verdict came).</summary>
    public async Task<SentEmail> SendAsync(UnitOfWork unit, SentEmail record, MimeMessage message, CancellationToken cancellationToken) =>
        await SendAsync(message, record.Step, $"invoice {record.InvoiceId}", ct => sent.MarkMaybeSentAsync(unit, record, ct), cancellationToken)
            ? record with { MaybeSent = true }
            : record;

    /// <summary>
    /// Sends an email whose record <paramref name="markMaybeSent"/> marks (it runs within the job's unit of work); true when it is
    /// maybe sent. <paramref name="about"/> names what the email is about, for the log.
    /// </summary>
    public async Task<bool> SendAsync(MimeMessage message, string step, string about, Func<CancellationToken, Task> markMaybeSent,
        CancellationToken cancellationToken)
    {
        try
        {
            await smtp.SendAsync(message, cancellationToken);
            return false;
        }
        catch (SmtpMaybeSentException e)
        {
            // Not the job's token: a send cut short by the service stopping is maybe sent too, and is recorded so.
            await markMaybeSent(CancellationToken.None);
            LogMaybeSent(e, step, about, EmailAddressMask.Mask(message.To.Mailboxes.FirstOrDefault()?.Address), message.MessageId ?? "");
            metrics.MaybeSent(step);
            return true;
        }
        catch (SmtpCommandException e) when (PermanentSmtpRejection.Applies(e))
        {
            throw new PermanentJobFailure(PermanentSmtpRejection.Reason(e), e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Maybe sent {Step} for {About} to {Recipient}: the SMTP server got the whole message (Message-ID {MessageId}) " +
                  "but gave no verdict; it is not sent again, the relay's log tells whether it went out")]
    private partial void LogMaybeSent(Exception exception, string step, string about, string recipient, string messageId);
}
