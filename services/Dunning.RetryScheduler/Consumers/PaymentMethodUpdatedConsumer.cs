using Dunning.Contracts;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Inbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Npgsql;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>
/// A new default card: one immediate retry of each of the customer's open cases, paid with that card (outside the attempt
/// cap, inside the card's budgets). A card the updater refreshed is new only to the cases that failed on it (or on a card
/// Stripe never named). A card set up before a case's failure is not new to that case — the failure already used it —
/// however late its event arrives (Stripe delivers out of order). See docs/decisions/006-which-card-change-retries.md.
/// </summary>
public sealed class PaymentMethodUpdatedConsumer(ConsumerServices services, CaseStore cases, CaseTimeline timeline, DueJobStore jobs,
    CaseLifecycle lifecycle, CaseClock clock) : IdempotentConsumer<PaymentMethodUpdated>(services)
{
    protected override async Task HandleAsync(PaymentMethodUpdated message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var open in await cases.OpenForCustomerAsync(transaction, message.CustomerId, cancellationToken))
        {
            if (message.OccurredAt <= open.FailedAt || (message.ByCardUpdater && open.PaymentMethodId is { } failedOn && failedOn != message.PaymentMethodId))
                continue;
            // The new card's own fingerprint, even when unknown yet (the retry reads it from Stripe): the old card's budget must not count it.
            var c = open with
            {
                CardFingerprint = message.CardFingerprint,
                CardBrand = message.CardBrand,
                NewCardPending = true,
                NewPaymentMethodId = message.PaymentMethodId,
            };
            await cases.UpdateAsync(transaction, c, cancellationToken);
            var now = await clock.NowAsync(transaction, c, cancellationToken);
            var ours = lifecycle.Policy.RetryOwner == RetryOwner.Dunning && !c.Paused;
            await timeline.NoteAsync(transaction, c.Id, now, "new_payment_method", null,
                ours ? $"{message.PaymentMethodId}: one immediate retry" : $"{message.PaymentMethodId}: Stripe retries (or the case is paused)", cancellationToken);
            if (ours)
                await jobs.ScheduleAsync(transaction, RetryJob.KeyFor(c.Id), RetryJob.Kind, new RetryJob(c.Id), now, cancellationToken, c.ClockId);
        }
    }
}
