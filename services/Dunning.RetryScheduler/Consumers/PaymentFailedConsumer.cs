using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Inbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>Opens the invoice's case on its first failure (or records Stripe's further attempt), then plans the next attempt.</summary>
public sealed class PaymentFailedConsumer(ConsumerServices services, CaseRepository cases, CaseClock clock, DueJobStore jobs)
    : IdempotentConsumer<PaymentFailed>(services)
{
    protected override async Task HandleAsync(PaymentFailed message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        // An event on a test clock is dated in the clock's time: the clock has reached it (Stripe made the attempt then).
        if (message.TestClockId is { } testClock)
            jobs.AdvanceClock(unit, testClock, message.OccurredAt);
        var existing = await cases.FindByInvoiceAsync(unit, message.InvoiceId, cancellationToken);
        if (existing is not null && existing.IsEchoOfOurPayCall(message))
            return; // already recorded (and planned after) by the pay call itself: counting it again would halve the card's budget
        var c = existing ?? await cases.OpenAsync(unit, message, clock.WallNow, cancellationToken);
        c.RecordStripeAttempt(message);
        if (c.IsOpen)
        {
            var now = await clock.NowAsync(unit, c, cancellationToken);
            // The invoice was settled before this first failure arrived (out-of-order events): closed at once, never reopened.
            if (existing is null && await cases.SettledOutcomeAsync(unit, message.InvoiceId, cancellationToken) is { } outcome)
                c.CloseAsSettled(outcome, now);
            else
                c.Plan(await cases.PlanningFactsAsync(unit, c, now, cancellationToken), message.StripeNextAttemptAt, now);
        }
        await cases.SaveAsync(unit, c, cancellationToken);
    }
}
