using Dunning.Contracts;
using Dunning.Notification.Content;
using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Outbox;
using Npgsql;

namespace Dunning.Notification.Sending;

/// <summary>
/// Sends one email when its due job runs, exactly once per (invoice, step): in the job's transaction it checks the case
/// is still in the right state, records the send (unique per invoice and step) and the <see cref="ReminderSent"/> outbox
/// message, then hands the email to SMTP; the commit follows. SMTP failing throws, so nothing commits and the job runs again.
/// </summary>
public sealed partial class EmailJobHandler(
    CaseStore cases,
    SentEmailStore sent,
    SuppressionStore suppressions,
    CustomerLocaleResolver locales,
    FixLinkResolver links,
    EmailContent content,
    EmailComposer composer,
    SmtpSender smtp,
    OutboxWriter outbox,
    TimeProvider clock,
    ILogger<EmailJobHandler> logger) : IDueJobHandler
{
    public string Kind => EmailJob.Kind;

    public async Task<DueJobOutcome> HandleAsync(DueJob job, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var email = job.Payload<EmailJob>();
        var dunningCase = await cases.GetAsync(transaction, email.InvoiceId, cancellationToken);
        if (await SkipReasonAsync(dunningCase, email, transaction, cancellationToken) is { } reason)
        {
            LogSkipped(email.Step, email.InvoiceId, EmailAddressMask.Mask(dunningCase?.Email), reason);
            return DueJobOutcome.Completed;
        }

        var locale = await LocaleAsync(dunningCase!, transaction, cancellationToken);
        var rendered = await content.RenderAsync(dunningCase!, email.Step, locale, await links.ResolveAsync(dunningCase!, cancellationToken), email.AttemptAt);
        var messageId = composer.MessageIdFor(email.InvoiceId, email.Step);
        var now = clock.GetUtcNow();
        if (!await sent.TryRecordAsync(transaction, email.InvoiceId, email.Step, messageId, dunningCase!.Email!, rendered.Locale, now, cancellationToken))
            return DueJobOutcome.Completed;
        await outbox.AddAsync(transaction, new ReminderSent($"{email.InvoiceId}:{email.Step}", email.InvoiceId, dunningCase.CustomerId,
            email.Step, rendered.Locale, now), cancellationToken);

        await smtp.SendAsync(composer.Compose(dunningCase.Email!, messageId, rendered, content.UnsubscribeUrl(dunningCase.Email!), now), cancellationToken);
        LogSent(email.Step, email.InvoiceId, EmailAddressMask.Mask(dunningCase.Email), rendered.Locale);
        return DueJobOutcome.Completed;
    }

    private async Task<string?> SkipReasonAsync(NotificationCase? dunningCase, EmailJob email, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (dunningCase is null) return "no case for the invoice";
        if (dunningCase.Status != EmailSteps.SendableIn(email.Step)) return $"case is {dunningCase.Status}";
        if (string.IsNullOrWhiteSpace(dunningCase.Email)) return "no email address";
        if (await suppressions.IsSuppressedAsync(transaction, dunningCase.Email, cancellationToken)) return "address is suppressed";
        return null;
    }

    private async Task<string> LocaleAsync(NotificationCase dunningCase, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (dunningCase.Locale is not null) return dunningCase.Locale;
        var (locale, known) = await locales.ResolveAsync(dunningCase.CustomerId, cancellationToken);
        if (known) await cases.SetLocaleAsync(transaction, dunningCase.InvoiceId, locale, cancellationToken);
        return locale;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Step} for invoice {InvoiceId} to {Recipient} in {Locale}")]
    private partial void LogSent(string step, string invoiceId, string recipient, string locale);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped {Step} for invoice {InvoiceId} to {Recipient}: {Reason}")]
    private partial void LogSkipped(string step, string invoiceId, string recipient, string reason);
}
