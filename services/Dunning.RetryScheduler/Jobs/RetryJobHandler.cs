using Dunning.Contracts;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Outbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Dunning.RetryScheduler.Domain;
using Npgsql;

namespace Dunning.RetryScheduler.Jobs;

/// <summary>
/// Runs a case's due retry: re-checks the state and the card's network budgets at run time (postpones rather
/// than break one), pays the invoice through Stripe, and records the outcome. A Stripe outage pushes the attempt
/// back without burning it; the idempotency key (<see cref="PayCallKeys"/>) stays the same until the call has an answer.
/// A new card is paid with explicitly; a new card known only by its id is read from Stripe first, so the budgets count its attempts.
/// </summary>
public sealed partial class RetryJobHandler(CaseStore cases, CaseTimeline timeline, CaseLifecycle lifecycle, InvoicePayer payer,
    InvoiceStatusReader invoices, NewCardReader newCards, DueJobStore jobs, OutboxWriter outbox, CaseClock clock, ILogger<RetryJobHandler> logger) : IDueJobHandler
{
    public string Kind => RetryJob.Kind;

    public async Task<DueJobOutcome> HandleAsync(DueJob job, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var policy = lifecycle.Policy;
        var c = await cases.FindAsync(transaction, job.Payload<RetryJob>().CaseId, cancellationToken);
        if (c is not { IsOpen: true, Paused: false })
            return DueJobOutcome.Completed; // closed or paused: resume/retry-now schedules it again
        var now = await clock.NowAsync(transaction, c, cancellationToken);

        var windowEnd = c.FailedAt + policy.Window;
        if (policy.RetryOwner == RetryOwner.Stripe || (!c.NewCardPending && c.NextAttemptAt is null))
            return await WindowCheckAsync(transaction, c, windowEnd, now, cancellationToken);
        if (!c.NewCardPending && c.NextAttemptAt > now)
            return DueJobOutcome.RunAgain(c.NextAttemptAt.Value);

        if (c is { NewCardPending: true, NewPaymentMethodId: { } newCardId, CardFingerprint: null })
        {
            if (await newCards.ReadAsync(newCardId, cancellationToken) is not { } details)
                return DueJobOutcome.RetryIn(policy.StripeOutageDeferral);
            c = c with { CardBrand = details.Brand ?? c.CardBrand, CardFingerprint = details.Fingerprint };
            await cases.UpdateAsync(transaction, c, cancellationToken);
        }
        var card = await timeline.CardBudgetAsync(transaction, c.CardFingerprint, c.CardBrand, now, CaseLifecycle.LongestBudgetPeriod(policy), cancellationToken);
        var slot = NetworkBudget.EarliestSlot(card, policy, now);
        if (slot > windowEnd && !c.NewCardPending)
        {
            await timeline.NoteAsync(transaction, c.Id, now, "stopped", "network_budget", $"card budget full until {slot:u}, after the window ends", cancellationToken);
            await lifecycle.CloseLostAsync(transaction, c, LossReason.RetriesExhausted, finalAction: true, cancellationToken);
            return DueJobOutcome.Completed;
        }
        if (slot > now)
        {
            await cases.UpdateAsync(transaction, c with { NextAttemptAt = slot }, cancellationToken);
            await timeline.NoteAsync(transaction, c.Id, now, "postponed", "network_budget", $"card budget full until {slot:u}", cancellationToken);
            return DueJobOutcome.RunAgain(slot);
        }
        return await PayAsync(transaction, c, now, cancellationToken);
    }

    private async Task<DueJobOutcome> PayAsync(NpgsqlTransaction transaction, DunningCase c, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var payCall = c.PayCalls + 1;
        var source = c.NewCardPending ? AttemptSource.NewCard : AttemptSource.Scheduled;
        var newCard = c.NewCardPending ? c.NewPaymentMethodId : null;
        // Before a pay call goes out under a renewed key, the invoice is read: the call whose 5xx Stripe saved may have paid it
        // (then that call was the attempt, and paid); void or uncollectible: its event closes the case, no pay call.
        PayResult? alreadyPaid = null;
        if (c.PayKeyRenewals > 0)
        {
            var status = await invoices.StatusAsync(c.InvoiceId, cancellationToken);
            if (status is null)
                return DueJobOutcome.RetryIn(lifecycle.Policy.StripeOutageDeferral);
            if (status != "open")
            {
                await timeline.NoteAsync(transaction, c.Id, now, "invoice_checked", null, $"invoice is {status} after a pay call Stripe answered with 5xx", cancellationToken);
                if (status != "paid")
                    return DueJobOutcome.Completed;
                alreadyPaid = new PayResult.Paid();
            }
        }

        var result = alreadyPaid ?? await payer.PayAsync(c.InvoiceId, PayCallKeys.PayCall(c, payCall), newCard, cancellationToken);
        switch (result)
        {
            case PayResult.Unavailable unavailable:
                LogDeferred(c.Id, payCall, unavailable.Why);
                await cases.UpdateAsync(transaction, c with { LastPayCallAt = now, PayKeyRenewals = c.PayKeyRenewals + (unavailable.AnswerSaved ? 1 : 0) }, cancellationToken);
                await timeline.NoteAsync(transaction, c.Id, now, "deferred", null, $"pay call {payCall} not answered ({unavailable.Why}); retried at {unavailable.RetryAt:u}"
                    + (unavailable.AnswerSaved ? " under a new idempotency key, after checking the invoice is still open" : ""), cancellationToken);
                return DueJobOutcome.RetryIn(unavailable.RetryAt - clock.WallNow); // Stripe's own time, not the case's
            case PayResult.Refused refused:
                // Repeating a request Stripe refused cannot help: no more pay calls; the window's end closes the case.
                await cases.UpdateAsync(transaction, c with { NextAttemptAt = null, NextAttemptRule = $"stripe_refused:{refused.Code}", NewCardPending = false }, cancellationToken);
                await timeline.NoteAsync(transaction, c.Id, now, "refused", $"stripe_refused:{refused.Code}", $"pay call {payCall}: {refused.Message}", cancellationToken);
                return DueJobOutcome.RunAgain(c.FailedAt + lifecycle.Policy.Window);
        }

        c = c with
        {
            PayCalls = payCall,
            PayKeyRenewals = 0,
            Attempts = c.Attempts + (source == AttemptSource.Scheduled ? 1 : 0),
            LastPayCallAt = now,
        };
        var decline = result is PayResult.Declined declined
            ? declined.Decline with { CardBrand = c.CardBrand, CardFingerprint = c.CardFingerprint }
            : null;
        await timeline.AttemptAsync(transaction, c, now, source, decline, decline is null ? $"pay call {payCall}: paid" : $"pay call {payCall}: declined", cancellationToken);
        await outbox.AddAsync(transaction, new RetryAttempted($"{c.Id}:attempt:{payCall}", c.Id, c.InvoiceId, c.CustomerId, payCall,
            decline is null, decline ?? DeclineDetails.None, now), cancellationToken);

        if (decline is null)
        {
            if (newCard is not null && c.SubscriptionId is { } subscription && lifecycle.Policy.MakeNewCardSubscriptionDefault)
                await jobs.ScheduleOnceAsync(transaction, DefaultCardJob.KeyFor(c.Id), DefaultCardJob.Kind, new DefaultCardJob(c.Id, subscription, newCard), now, cancellationToken, c.ClockId);
            await lifecycle.CloseRecoveredAsync(transaction, c, source == AttemptSource.NewCard ? RecoveryMethod.CardUpdated : RecoveryMethod.Retry, cancellationToken);
            return DueJobOutcome.Completed;
        }
        var (_, due) = await lifecycle.PlanNextAsync(transaction, c with { NewCardPending = false, NewPaymentMethodId = null }, null, cancellationToken);
        return due is { } at ? DueJobOutcome.RunAgain(at) : DueJobOutcome.Completed;
    }

    /// <summary>No attempt to make (awaiting a new card, or Stripe drives the retries): at the window's end the case is lost.</summary>
    private async Task<DueJobOutcome> WindowCheckAsync(NpgsqlTransaction transaction, DunningCase c, DateTimeOffset windowEnd, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now < windowEnd)
            return DueJobOutcome.RunAgain(windowEnd);
        var ours = lifecycle.Policy.RetryOwner == RetryOwner.Dunning;
        var reason = ours && c.NextAttemptAt is null ? LossReason.HardDecline : LossReason.RetriesExhausted;
        await lifecycle.CloseLostAsync(transaction, c, reason, finalAction: ours, cancellationToken);
        return DueJobOutcome.Completed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId}: pay call {PayCall} deferred ({Why})")]
    private partial void LogDeferred(Guid caseId, int payCall, string why);
}
