using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Microsoft.Extensions.Options;

namespace Dunning.RetryScheduler.Jobs;

/// <summary>
/// Runs a case's due retry: re-checks the state and the card's network budgets at run time (postpones rather
/// than break one), pays the invoice through Stripe, and records the outcome. A Stripe outage pushes the attempt
/// back without burning it; the idempotency key (<see cref="PayCallKeys"/>) stays the same until the call has an answer.
/// A new card is paid with explicitly; a new card known only by its id is read from Stripe first, so the budgets count its attempts.
/// A case waiting for a new card after a hard decline first tries the customer's other cards, each once (RetryPolicy:BackupCards);
/// so does a due attempt after soft declines in a row on the case's card (RetryPolicy:BackupCardAfterSoftFailures).
/// What the case does with each answer, the case decides (<see cref="DunningCase"/>); whatever it did is saved when the run ends.
/// </summary>
public sealed partial class RetryJobHandler(CaseRepository cases, InvoicePayer payer, InvoiceStatusReader invoices, NewCardReader newCards,
    BackupCardFinder backupCards, CaseClock clock, IOptionsMonitor<RetryPolicyOptions> policy, ILogger<RetryJobHandler> logger) : IDueJobHandler
{
    public string Kind => RetryJob.Kind;

    public async Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
    {
        var c = await cases.FindAsync(unit, job.Payload<RetryJob>().CaseId, cancellationToken);
        if (c is not { IsOpen: true, State.Paused: false })
            return DueJobOutcome.Completed; // closed or paused: resume/retry-now schedules it again
        var outcome = await RunAsync(unit, c, cancellationToken);
        await cases.SaveAsync(unit, c, cancellationToken);
        return outcome;
    }

    private async Task<DueJobOutcome> RunAsync(UnitOfWork unit, DunningCase c, CancellationToken cancellationToken)
    {
        var now = await clock.NowAsync(unit, c, cancellationToken);
        if (await ChooseBackupCardAsync(unit, c, now, cancellationToken) is { } notNow)
            return notNow;
        if (c.AwaitsNoAttempt)
        {
            if (now < c.WindowEnd)
                return DueJobOutcome.RunAgain(c.WindowEnd);
            c.CloseAtWindowEnd(now);
            return DueJobOutcome.Completed;
        }
        if (c.AttemptDueAfter(now) is { } due)
            return DueJobOutcome.RunAgain(due);

        if (c.State is { NewCardPending: true, NewPaymentMethodId: { } newCardId, CardFingerprint: null })
        {
            if (await newCards.ReadAsync(newCardId, cancellationToken) is not { } details)
                return DueJobOutcome.RetryIn(policy.CurrentValue.StripeOutageDeferral);
            c.LearnNewCard(details.Brand, details.Fingerprint);
        }
        var budget = await cases.CardBudgetAsync(unit, c, now, cancellationToken);
        if (c.DropBackupCardOverBudget(budget, now))
            return DueJobOutcome.RunAgain(now); // another backup card, the wait for a new card, or the case's own card
        var slot = c.HoldToBudget(budget, now);
        if (!c.IsOpen)
            return DueJobOutcome.Completed;
        if (slot > now)
            return DueJobOutcome.RunAgain(slot);
        return await PayAsync(unit, c, now, cancellationToken);
    }

    private async Task<DueJobOutcome> PayAsync(UnitOfWork unit, DunningCase c, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Before a pay call goes out under a renewed key, the invoice is read: the call whose 5xx Stripe saved may have paid it
        // (then that call was the attempt, and paid); void or uncollectible: its event closes the case, no pay call.
        PayResult? alreadyPaid = null;
        if (c.State.PayKeyRenewals > 0)
        {
            var status = await invoices.StatusAsync(c.State.InvoiceId, cancellationToken);
            if (status is null)
                return DueJobOutcome.RetryIn(policy.CurrentValue.StripeOutageDeferral);
            if (status != "open")
            {
                c.NoteInvoiceChecked(status, now);
                if (status != "paid")
                    return DueJobOutcome.Completed;
                alreadyPaid = new PayResult.Paid();
            }
        }

        var result = alreadyPaid ?? await payer.PayAsync(c.State.InvoiceId, PayCallKeys.PayCall(c.State, c.NextPayCall), c.NewCardToPayWith, cancellationToken);
        switch (result)
        {
            case PayResult.Unavailable unavailable:
                LogDeferred(c.Id, c.NextPayCall, unavailable.Why);
                c.DeferPayCall(unavailable, now);
                return DueJobOutcome.RetryIn(unavailable.RetryAt - clock.WallNow); // Stripe's own time, not the case's
            case PayResult.Refused refused:
                c.PayCallRefused(refused, now);
                return DueJobOutcome.RunAgain(c.WindowEnd);
        }

        var answeredAt = await clock.NowAsync(unit, c, cancellationToken);
        c.RecordPayCall(result is PayResult.Declined declined ? declined.Decline : null, now, answeredAt);
        if (!c.IsOpen)
            return DueJobOutcome.Completed; // paid: recovered
        // After a backup card's decline too: planning reads the case's own card's last decline (hard: the next backup card or the
        // wait for a new one; soft: its schedule goes on).
        var next = c.PlanNextRun(await cases.PlanningFactsAsync(unit, c, answeredAt, cancellationToken), null, answeredAt);
        return next is { } at ? DueJobOutcome.RunAgain(at) : DueJobOutcome.Completed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId}: pay call {PayCall} deferred ({Why})")]
    private partial void LogDeferred(Guid caseId, int payCall, string why);
}
