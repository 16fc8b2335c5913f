using Dunning.Contracts;
using Dunning.Notification.Content;
using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;

namespace Dunning.Notification.Sending;

/// <summary>
/// Sends one email when its due job runs, exactly once per (invoice, step): in the job's unit of work it checks the case
/// is still in the right state (one read: case, suppression, earlier send), records the send (unique per invoice and step)
/// and the <see cref="ReminderSent"/> outbox message (one round trip, sent before SMTP), then hands the email to SMTP; the
/// commit follows. SMTP failing throws, so nothing commits and the job runs again, unless the server got the whole message
/// without a verdict: then the record says maybe sent and the job completes (<see cref="SmtpHandOff"/>).
/// An email SMTP accepted whose commit was then lost is remembered (<see cref="AcceptedEmails"/>) and recorded, not sent, by the next run.
/// </summary>
public sealed partial class EmailJobHandler(
    EmailCandidateStore candidates,
    SentEmailStore sent,
    CustomerLocaleResolver locales,
    FixLinkResolver links,
    EmailContent content,
    EmailComposer composer,
    SmtpHandOff smtp,
    AcceptedEmails accepted,
    TimeProvider clock,
    ILogger<EmailJobHandler> logger) : IDueJobHandler
{
    public string Kind => EmailJob.Kind;

    /// <summary>Seconds, not the default minutes: an email claimed by a process that died goes out 30 s later, not 2 minutes. A
    /// run that outlasts it cannot send twice: while its transaction lives it holds the job's row (no one else can claim it)
    /// and its uncommitted send record (a second run waits on it, then finds the email sent).</summary>
    public TimeSpan? Lease => TimeSpan.FromSeconds(30);

    public async Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
    {
        var email = job.Payload<EmailJob>();
        if (accepted.Take<AcceptedEmail>(email.Key) is { } earlier) // SMTP took it in a run whose commit was lost: record it, send nothing
        {
            await sent.TryRecordAsync(unit, earlier.Record, earlier.Reminder, earlier.LocaleToRemember, cancellationToken);
            smtp.RecordedWithoutSending(unit, earlier.Record.MessageId);
            return DueJobOutcome.Completed with { IfNotCommitted = () => accepted.Remember(email.Key, earlier) };
        }
        var candidate = await candidates.GetAsync(unit, email.InvoiceId, email.Step, cancellationToken);
        if (candidate.Case is null && WaitForCaseUntil(email) is { } until)
            return CaseWait.Until(clock.GetUtcNow(), until);
        if (SkipReason(candidate, email) is { } reason)
        {
            LogSkipped(email.Step, email.InvoiceId, EmailAddressMask.Mask(candidate.Case?.Email), reason);
            return DueJobOutcome.Completed;
        }

        var dunningCase = candidate.Case!;
        var (locale, learnt) = await LocaleAsync(dunningCase, candidate.CustomerLocales, cancellationToken);
        var rendered = await content.RenderAsync(dunningCase, email.Step, locale, await links.ResolveAsync(dunningCase, cancellationToken),
            email.AttemptAt, email.CancelsSubscription);
        var now = clock.GetUtcNow();
        var caseNow = candidate.CaseNow(now);
        var record = new SentEmail(email.InvoiceId, email.Step, composer.MessageIdFor(email.InvoiceId, email.Step), dunningCase.Email!, rendered.Locale,
            now, caseNow);
        var reminder = new ReminderSent($"{email.InvoiceId}:{email.Step}", email.InvoiceId, dunningCase.CustomerId, email.Step, rendered.Locale,
            caseNow);
        var localeToRemember = learnt ? locale : null;
        if (!await sent.TryRecordAsync(unit, record, reminder, localeToRemember, cancellationToken))
            return DueJobOutcome.Completed;

        var unsubscribeUrl = content.UnsubscribeUrl(record.Recipient, rendered.Locale);
        var message = composer.Compose(record.Recipient, record.MessageId, rendered, unsubscribeUrl, now);
        record = await smtp.SendAsync(unit, job, record, message, cancellationToken);
        if (!record.MaybeSent) LogSent(email.Step, email.InvoiceId, EmailAddressMask.Mask(record.Recipient), rendered.Locale);
        return DueJobOutcome.Completed with { IfNotCommitted = () => accepted.Remember(email.Key, new AcceptedEmail(record, reminder, localeToRemember)) };
    }

    /// <summary>
    /// A final notice can run before this service has consumed the invoice's <c>PaymentFailed</c> (separate queues, no order
    /// between them): it waits for the case until the final attempt, instead of being dropped.
    /// </summary>
    private DateTimeOffset? WaitForCaseUntil(EmailJob email) =>
        email is { Step: EmailSteps.FinalNotice, AttemptAt: { } attemptAt } && attemptAt > clock.GetUtcNow() ? attemptAt : null;

    private static string? SkipReason(EmailCandidate candidate, EmailJob email)
    {
        if (candidate.Case is not { } dunningCase) return "no case for the invoice";
        if (candidate.AlreadySent) return "already sent";
        if (dunningCase.Status != EmailSteps.SendableIn(email.Step)) return $"case is {dunningCase.Status}";
        if (string.IsNullOrWhiteSpace(dunningCase.Email)) return "no email address";
        if (candidate.Suppressed) return "address is suppressed";
        return null;
    }

    /// <summary>
    /// The customer's locale from Stripe's customer events, else the one the case learnt earlier, else asked of Stripe now;
    /// <c>Learnt</c> when it came from Stripe now and is worth storing on the case.
    /// </summary>
    private async Task<(string Locale, bool Learnt)> LocaleAsync(NotificationCase dunningCase, IReadOnlyList<string>? customerLocales,
        CancellationToken cancellationToken)
    {
        if (customerLocales is not null) return (Locales.Choose(customerLocales), false);
        if (dunningCase.Locale is not null) return (dunningCase.Locale, false);
        return await locales.ResolveAsync(dunningCase.CustomerId, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Step} for invoice {InvoiceId} to {Recipient} in {Locale}")]
    private partial void LogSent(string step, string invoiceId, string recipient, string locale);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped {Step} for invoice {InvoiceId} to {Recipient}: {Reason}")]
    private partial void LogSkipped(string step, string invoiceId, string recipient, string reason);
}
