using Dunning.Contracts;
using Dunning.Notification.Content;
using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Notification.Sending;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Microsoft.Extensions.Options;

namespace Dunning.Notification.ExpiringCards;

/// <summary>
/// The expiring-card reminder, <see cref="ExpiringCardOptions.RemindBefore"/> ahead of a renewal (in the subscription's own time).
/// It reads the subscription from Stripe when due, so a card replaced by then (a new default, or the card updater's
/// <c>payment_method.automatically_updated</c>) gets no reminder. Exactly once per customer, card and expiry, as a dunning email
/// is once per step: the row and its outbox message are written before SMTP in the job's unit of work (<see cref="EmailJobHandler"/>).
/// Each sent reminder plans a check at the renewal (<see cref="CardReplacedCheckJob"/>).
/// </summary>
public sealed partial class ExpiringCardJob(
    SubscriptionRenewalReader renewals,
    CardReminderStore reminders,
    DueJobStore jobs,
    TemplateRenderer templates,
    EmailContent content,
    FixLinkResolver links,
    EmailComposer composer,
    SmtpHandOff smtp,
    AcceptedEmails accepted,
    IOptions<ExpiringCardOptions> options,
    TimeProvider clock,
    ILogger<ExpiringCardJob> logger) : IDueJobHandler
{
    public const string JobKind = "expiring-card";

    public string Kind => JobKind;

    /// <summary>Seconds, as an email job's (<see cref="EmailJobHandler.Lease"/>).</summary>
    public TimeSpan? Lease => TimeSpan.FromSeconds(30);

    /// <summary>One job per subscription and renewal: another event about the same period plans nothing new.</summary>
    public void Plan(UnitOfWork unit, SubscriptionRenewalPlanned renewal) =>
        Plan(unit, new PlannedRenewal(renewal.SubscriptionId, renewal.CustomerId, renewal.RenewsAt, renewal.TestClockId));

    private void Plan(UnitOfWork unit, PlannedRenewal renewal) =>
        jobs.ScheduleOnce(unit, new NewDueJob($"{JobKind}:{renewal.SubscriptionId}:{renewal.RenewsAt.ToUnixTimeSeconds()}", JobKind, renewal,
            renewal.RenewsAt - options.Value.RemindBefore, renewal.TestClockId));

    public async Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
    {
        var planned = job.Payload<PlannedRenewal>();
        if (accepted.Take<CardReminder>(job.Key) is { } earlier) // SMTP took it in a run whose commit was lost: record it, send nothing
        {
            if (await reminders.TryRecordAsync(unit, earlier, cancellationToken)) PlanCheck(unit, earlier, planned.TestClockId);
            smtp.RecordedWithoutSending(unit, earlier.MessageId);
            return DueJobOutcome.Completed with { IfNotCommitted = () => accepted.Remember(job.Key, earlier) };
        }
        var wallNow = clock.GetUtcNow();
        var ownNow = planned.TestClockId is { } clockId ? await jobs.ClockTimeAsync(unit, clockId, cancellationToken) ?? wallNow : wallNow;
        var state = await renewals.ReadAsync(planned.SubscriptionId, cancellationToken);
        var decision = ReminderDecision.For(state, ownNow, options.Value.RemindBefore);
        if (decision is ReminderDecision.Later later) // the renewal moved later: the job for it (planned here if its event is still to come)
        {
            Plan(unit, planned with { RenewsAt = later.At + options.Value.RemindBefore });
            return DueJobOutcome.Completed;
        }
        if (decision is not ReminderDecision.Remind remind)
        {
            LogSkipped(planned.SubscriptionId, ((ReminderDecision.Nothing)decision).Reason);
            return DueJobOutcome.Completed;
        }
        var reminderId = remind.Card.ReminderIdFor(state.CustomerId);
        if (SkipReason(await CheckAsync(unit, reminderId, state.Email, cancellationToken)) is { } reason)
        {
            LogSkipped(planned.SubscriptionId, reason);
            return DueJobOutcome.Completed;
        }

        var email = state.Email!;
        var locale = Locales.Choose(state.PreferredLocales);
        var unsubscribeUrl = content.UnsubscribeUrl(email, locale);
        var link = options.Value.UpdateCardUrl is { Length: > 0 } url ? url : await links.PortalAsync(state.CustomerId, cancellationToken);
        var rendered = await templates.RenderAsync(locale, new CardExpiringModel(CardDisplay.Name(remind.Card), CardDisplay.Expiry(remind.Card),
            remind.RenewsAt.ToString("D", Locales.Culture(locale)), link, unsubscribeUrl));
        var record = new CardReminder(reminderId, state.CustomerId, state.SubscriptionId, remind.Card.PaymentMethodId, remind.RenewsAt,
            composer.MessageIdFor(reminderId, EmailSteps.CardExpiring), email, rendered.Locale, wallNow, ownNow);
        if (!await reminders.TryRecordAsync(unit, record, cancellationToken))
            return DueJobOutcome.Completed;
        PlanCheck(unit, record, planned.TestClockId);

        var message = composer.Compose(email, record.MessageId, rendered, unsubscribeUrl, wallNow);
        if (await smtp.SendAsync(unit, job, message, EmailSteps.CardExpiring, $"card {reminderId}", ct => reminders.MarkMaybeSentAsync(unit, reminderId, ct),
                cancellationToken))
            record = record with { MaybeSent = true };
        else
            LogSent(reminderId, EmailAddressMask.Mask(email), rendered.Locale);
        return DueJobOutcome.Completed with { IfNotCommitted = () => accepted.Remember(job.Key, record) };
    }

    private async Task<(bool AlreadySent, bool Suppressed)?> CheckAsync(UnitOfWork unit, string reminderId, string? email,
        CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(email) ? null : await reminders.CheckAsync(unit, reminderId, email, cancellationToken);

    private static string? SkipReason((bool AlreadySent, bool Suppressed)? check) => check switch
    {
        null => "the customer has no email address",
        { AlreadySent: true } => "already reminded of this card and expiry",
        { Suppressed: true } => "address is suppressed",
        _ => null,
    };

    private void PlanCheck(UnitOfWork unit, CardReminder reminder, string? testClockId) =>
        jobs.ScheduleOnce(unit, new NewDueJob($"{CardReplacedCheckJob.JobKind}:{reminder.ReminderId}", CardReplacedCheckJob.JobKind,
            new RemindedRenewal(reminder.ReminderId, reminder.SubscriptionId, reminder.CustomerId, reminder.RenewsAt, testClockId),
            reminder.RenewsAt, testClockId));

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent card_expiring {ReminderId} to {Recipient} in {Locale}")]
    private partial void LogSent(string reminderId, string recipient, string locale);

    [LoggerMessage(Level = LogLevel.Information, Message = "No expiring-card reminder for subscription {SubscriptionId}: {Reason}")]
    private partial void LogSkipped(string subscriptionId, string reason);
}
