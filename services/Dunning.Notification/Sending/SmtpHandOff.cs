using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Platform.DueJobs;
using MailKit.Net.Smtp;
using MimeKit;
using Dunning.Platform.Data;

namespace Dunning.Notification.Sending;

/// <summary>
/// Hands an email whose send is recorded in the job's unit of work to SMTP, at most once from the end of its data on
/// (decision 003). When the SMTP server got the whole message but gave no verdict (<see cref="SmtpMaybeSentException"/>), the
/// record becomes maybe sent and the job completes instead of failing: a relay slower than our wait had taken every copy, so
/// sending again repeated the email without end. Just before the end of the data a <see cref="HandOffMarks">mark</see> commits
/// on its own; a run that finds the mark of a run before it (which died, or lost its commit, after the server may have taken
/// the message) records the email maybe sent too, instead of sending a second copy.
/// An email the server refuses for good (<see cref="PermanentSmtpRejection"/>) makes its job dead: sending it again cannot help.
/// </summary>
public sealed partial class SmtpHandOff(SmtpSender smtp, HandOffMarks marks, SentEmailStore sent, SendingMetrics metrics,
    ILogger<SmtpHandOff> logger)
{
    /// <summary>Sends; returns the record as it now stands (<see cref="SentEmail.MaybeSent"/> when no verdict came).</summary>
    public async Task<SentEmail> SendAsync(UnitOfWork unit, DueJob job, SentEmail record, MimeMessage message, CancellationToken cancellationToken) =>
        await SendAsync(unit, job, message, record.Step, $"invoice {record.InvoiceId}", ct => sent.MarkMaybeSentAsync(unit, record, ct),
            cancellationToken)
            ? record with { MaybeSent = true }
            : record;

    /// <summary>
    /// Sends an email whose record <paramref name="markMaybeSent"/> marks (it runs within the job's unit of work); true when it is
    /// maybe sent. <paramref name="about"/> names what the email is about, for the log.
    /// </summary>
    public async Task<bool> SendAsync(UnitOfWork unit, DueJob job, MimeMessage message, string step, string about,
        Func<CancellationToken, Task> markMaybeSent, CancellationToken cancellationToken)
    {
        var messageId = message.MessageId ?? throw new InvalidOperationException("An email is handed off by its Message-ID; this one has none");
        // Only a job claimed before can find a mark: its earlier run was cut short (a first run skips the read).
        if (job.Attempt > 1 && await marks.ExistsAsync(unit, messageId, cancellationToken))
        {
            await markMaybeSent(cancellationToken);
            marks.Delete(unit, messageId);
            LogHandedOverBefore(step, about, EmailAddressMask.Mask(Recipient(message)), messageId);
            metrics.MaybeSent(step);
            return true;
        }
        try
        {
            await smtp.SendAsync(message, cancellationToken, () => marks.Mark(messageId));
            marks.Delete(unit, messageId); // after the send, so the delete cannot run before the mark exists
            return false;
        }
        catch (SmtpMaybeSentException e)
        {
            // Not the job's token: a send cut short by the service stopping is maybe sent too, and is recorded so.
            await markMaybeSent(CancellationToken.None);
            marks.Delete(unit, messageId);
            LogMaybeSent(e, step, about, EmailAddressMask.Mask(Recipient(message)), messageId);
            metrics.MaybeSent(step);
            return true;
        }
        catch (Exception e)
        {
            await marks.ForgetAsync(messageId); // the server did not take it: its next run sends it
            if (e is SmtpCommandException command && PermanentSmtpRejection.Applies(command))
                throw new PermanentJobFailure(PermanentSmtpRejection.Reason(command), e);
            throw;
        }
    }

    /// <summary>
    /// For a run that records, without sending, an email this process handed over in a run whose commit was lost
    /// (<see cref="AcceptedEmails"/>): the mark that run left goes with this commit.
    /// </summary>
    public void RecordedWithoutSending(UnitOfWork unit, string messageId) => marks.Delete(unit, messageId);

    private static string? Recipient(MimeMessage message) => message.To.Mailboxes.FirstOrDefault()?.Address;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Maybe sent {Step} for {About} to {Recipient}: the SMTP server got the whole message (Message-ID {MessageId}) " +
                  "but gave no verdict; it is not sent again, the relay's log tells whether it went out")]
    private partial void LogMaybeSent(Exception exception, string step, string about, string recipient, string messageId);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Maybe sent {Step} for {About} to {Recipient}: an earlier run ended after handing the whole message to the SMTP " +
                  "server (Message-ID {MessageId}) and before recording it; it is not sent again, the relay's log tells whether it went out")]
    private partial void LogHandedOverBefore(string step, string about, string recipient, string messageId);
}
