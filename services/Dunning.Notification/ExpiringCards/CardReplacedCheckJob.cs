using Dunning.Contracts;
using Dunning.Notification.Data;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;

namespace Dunning.Notification.ExpiringCards;

/// <summary>
/// At the renewal a reminder warned of (in the subscription's own time), reads from Stripe the card the renewal charges: one that
/// no longer expires before it (another card, or the same with a new expiry) is a failure prevented (<see cref="ExpiringCardReplaced"/>).
/// </summary>
public sealed partial class CardReplacedCheckJob(SubscriptionRenewalReader renewals, CardReminderStore reminders, DueJobStore jobs, TimeProvider clock,
    ILogger<CardReplacedCheckJob> logger) : IDueJobHandler
{
    public const string JobKind = "expiring-card-check";

    public string Kind => JobKind;

    public async Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
    {
        var reminded = job.Payload<RemindedRenewal>();
        var state = await renewals.ReadAsync(reminded.SubscriptionId, cancellationToken);
        if (state.Card is not { } card || card.ExpiresBy(reminded.RenewsAt)) return DueJobOutcome.Completed;
        var checkedAt = reminded.TestClockId is { } clockId
            ? await jobs.ClockTimeAsync(unit, clockId, cancellationToken) ?? clock.GetUtcNow()
            : clock.GetUtcNow();
        await reminders.MarkReplacedAsync(unit, new ExpiringCardReplaced($"{reminded.ReminderId}:replaced", reminded.ReminderId, reminded.CustomerId,
            reminded.SubscriptionId, checkedAt), cancellationToken);
        LogPrevented(reminded.ReminderId, card.PaymentMethodId);
        return DueJobOutcome.Completed;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Failure prevented: the card of reminder {ReminderId} was replaced ({PaymentMethodId}) before the renewal")]
    private partial void LogPrevented(string reminderId, string paymentMethodId);
}
