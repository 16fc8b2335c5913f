using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;
using Stripe;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary>Consumers and the retry job against real PostgreSQL, RabbitMQ and the Stripe sandbox; the policy runs in seconds.</summary>
public sealed class CaseFlowTests(SandboxFixture sandbox)
    : SchedulerFlowTest(sandbox, new Dictionary<string, string?> { ["RetryPolicy:FinalAction"] = "CancelSubscription" })
{
    private const string CardUpdatesConsumed = "SELECT count(*) FROM scheduler.inbox WHERE consumer = 'PaymentMethodUpdatedConsumer'";

    [Fact]
    public async Task A_failed_payment_is_retried_once_and_recovered_by_the_retry()
    {
        var (subscriber, failed) = await FailedSignUpAsync("pm_sandbox_recoverAfter1");
        await Host.PublishAsync(failed);

        await Eventually.HoldsAsync(async () => await Database.StatusAsync(subscriber.InvoiceId) == "recovered:Retry", Timeout,
            "the case is recovered by the retry");
        var caseId = await Database.CaseIdAsync(subscriber.InvoiceId);
        Assert.Equal([$"dunning:{caseId}:1 succeeded"], await PayCallsAsync(subscriber.InvoiceId));
        Assert.Equal("paid", (await new InvoiceService(Stripe).GetAsync(subscriber.InvoiceId)).Status);
        Assert.Equal(1, await Database.OutboxCountAsync("RetryScheduled"));
        Assert.Equal(1, await Database.OutboxCountAsync("RetryAttempted"));
        Assert.Equal(1, await Database.OutboxCountAsync("PaymentRecovered"));
    }

    [Fact]
    public async Task Declines_until_the_cap_close_the_case_lost_and_run_the_final_action()
    {
        var (subscriber, failed) = await FailedSignUpAsync("pm_card_chargeDeclined");
        await Host.PublishAsync(failed);

        await Eventually.HoldsAsync(async () => (await new SubscriptionService(Stripe).GetAsync(subscriber.SubscriptionId)).Status == "canceled",
            Timeout, "the subscription is cancelled in Stripe as the final action");
        Assert.Equal("lost:RetriesExhausted", await Database.StatusAsync(subscriber.InvoiceId));
        var caseId = await Database.CaseIdAsync(subscriber.InvoiceId);
        Assert.Equal([$"dunning:{caseId}:1 declined", $"dunning:{caseId}:2 declined", $"dunning:{caseId}:3 declined"],
            await PayCallsAsync(subscriber.InvoiceId));
        Assert.Equal(1, await Database.OutboxCountAsync("RevenueLost"));
        // The notification service words the final notice and the closing email by these: this policy cancels
        var ofInvoice = $"FROM scheduler.outbox WHERE body->>'invoiceId' = '{subscriber.InvoiceId}' AND (body->>'cancelsSubscription')::boolean";
        Assert.Equal(1, await Database.CountAsync($"SELECT count(*) {ofInvoice} AND message_type LIKE '%RevenueLost%'"));
        Assert.Equal(1, await Database.CountAsync(
            $"SELECT count(*) {ofInvoice} AND message_type LIKE '%RetryScheduled%' AND (body->>'isFinalAttempt')::boolean"));
    }

    [Fact]
    public async Task Stripes_echo_of_our_own_declined_pay_call_is_not_counted_twice_on_the_card_but_the_customers_own_attempt_is()
    {
        var (subscriber, failed) = await FailedSignUpAsync("pm_card_chargeDeclined");
        var invoice = subscriber.InvoiceId;
        await Host.PublishAsync(failed);
        await Eventually.HoldsAsync(async () => await Database.CountAsync($"SELECT pay_calls FROM scheduler.cases WHERE invoice_id = '{invoice}'") >= 1,
            Timeout, "the first retry is made");

        // Stripe reports our declined pay call as invoice.payment_failed naming the call's idempotency key (event.request), with
        // attempt_count still 1: Stripe counts only the first attempt and its own automatic retries (Stripe.net 53.1.0, Invoice.AttemptCount).
        var caseId = await Database.CaseIdAsync(invoice);
        var echo = await SandboxDeclines.PaymentFailedEventAsync(Stripe, invoice, $"dunning:{caseId}:1");
        Assert.NotNull(echo);
        await Host.PublishAsync(failed with { SourceEventId = echo.Id, StripeAttemptCount = 1, RequestIdempotencyKey = echo.Request.IdempotencyKey });
        // The customer's own attempt on the hosted page: the same attempt_count, caused by no request of ours.
        await Host.PublishAsync(failed with { SourceEventId = $"evt_customer_{invoice}", StripeAttemptCount = 1, RequestIdempotencyKey = null });

        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.inbox WHERE consumer = 'PaymentFailedConsumer'") == 3,
            Timeout, "the echo and the customer's attempt are consumed");
        // Card attempts: the first failure, the customer's attempt and our pay calls, in any committed state.
        Assert.Equal(0, await Database.CountAsync($"""
            SELECT (SELECT count(*) FROM scheduler.card_attempts WHERE fingerprint = '{failed.Decline.CardFingerprint}')
                 - (SELECT 2 + pay_calls FROM scheduler.cases WHERE invoice_id = '{invoice}')
            """));
    }

    [Fact]
    public async Task A_hard_decline_is_not_retried_until_a_new_card_which_is_tried_at_once()
    {
        var (subscriber, failed) = await FailedSignUpAsync("pm_card_chargeDeclinedStolenCard");
        await Host.PublishAsync(failed);
        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'awaiting_new_card'") == 1,
            Timeout, "the case waits for a new card");
        Assert.Empty(await PayCallsAsync(subscriber.InvoiceId));
        // the event of the card set up before the failure, arriving late (Stripe delivers out of order): not a new card
        var failedAt = (await new InvoiceService(Stripe).GetAsync(subscriber.InvoiceId)).Created;
        var staleCard = await Messages.NewDefaultCardAsync(Stripe, subscriber.CustomerId, "pm_card_visa");
        await Host.PublishAsync(staleCard with { OccurredAt = new DateTimeOffset(failedAt, TimeSpan.Zero).AddSeconds(-1) });
        await Eventually.HoldsAsync(async () => await Database.CountAsync(CardUpdatesConsumed) == 1,
            Timeout, "the late card message is consumed");
        Assert.Equal(0, await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'new_payment_method'"));

        var newCard = await Messages.NewDefaultCardAsync(Stripe, subscriber.CustomerId, "pm_card_mastercard");
        await Host.PublishAsync(newCard);

        await Eventually.HoldsAsync(async () => await Database.StatusAsync(subscriber.InvoiceId) == "recovered:CardUpdated", Timeout,
            "the new card pays the invoice");
        var call = Assert.Single(await Sandbox.PayCallsAsync(subscriber.InvoiceId));
        Assert.Equal(($"dunning:{await Database.CaseIdAsync(subscriber.InvoiceId)}:1", "succeeded"), (call.IdempotencyKey, call.Outcome));
        Assert.Equal(newCard.PaymentMethodId, (await new ChargeService(Stripe).GetAsync(call.Charge)).PaymentMethod);
        Assert.Equal(1, await Database.CountAsync($"SELECT count(*) FROM scheduler.card_attempts WHERE fingerprint = '{newCard.CardFingerprint}'"));
        await Eventually.HoldsAsync(async () => await Database.CountAsync(CardUpdatesConsumed) == 2,
            Timeout, "both card messages are consumed");
        Assert.Equal(1, await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'new_payment_method'"));
    }

    [Fact]
    public async Task A_payment_before_the_failure_event_leaves_the_invoice_recovered()
    {
        var (subscriber, failed) = await FailedSignUpAsync("pm_card_chargeDeclined");
        await new InvoiceService(Stripe).PayAsync(subscriber.InvoiceId, new InvoicePayOptions { PaidOutOfBand = true });
        await Host.PublishAsync(await Messages.SucceededAsync(Stripe, subscriber.InvoiceId));
        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.settled_invoices") == 1, Timeout,
            "the payment is remembered");

        await Host.PublishAsync(failed);

        await Eventually.HoldsAsync(async () => await Database.StatusAsync(subscriber.InvoiceId) == "recovered:OutOfBand", Timeout,
            "the late failure finds the invoice paid");
        Assert.Equal(0, await Database.CountAsync("SELECT count(*) FROM scheduler.due_jobs"));
        var call = Assert.Single(await Sandbox.PayCallsAsync(subscriber.InvoiceId)); // the test's own out-of-band payment, no pay call of ours
        Assert.Equal("paid_out_of_band", call.Outcome);
        Assert.DoesNotContain("dunning:", call.IdempotencyKey ?? "");
    }

    [Fact]
    public async Task Paid_by_the_customer_closes_the_case_and_cancels_the_pending_retry()
    {
        var (subscriber, failed) = await FailedSignUpAsync("pm_card_chargeDeclinedExpiredCard");
        await Host.PublishAsync(failed);
        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.due_jobs") == 1, Timeout,
            "the case's job waits for the window end");

        await PayOnHostedPageAsync(subscriber.InvoiceId, "pm_card_visa");
        await Host.PublishAsync(await Messages.SucceededAsync(Stripe, subscriber.InvoiceId));

        await Eventually.HoldsAsync(async () => await Database.StatusAsync(subscriber.InvoiceId) is "recovered:CustomerPaid", Timeout, "the case is recovered");
        Assert.Equal(0, await Database.CountAsync("SELECT count(*) FROM scheduler.due_jobs"));
        Assert.Empty(await PayCallsAsync(subscriber.InvoiceId));
    }

    [Fact]
    public async Task A_voided_invoice_closes_the_case_lost()
    {
        var (subscriber, failed) = await FailedSignUpAsync("pm_card_chargeDeclinedLostCard");
        await Host.PublishAsync(failed);
        await Eventually.HoldsAsync(async () => await Database.StatusAsync(subscriber.InvoiceId) == "open:", Timeout, "the case is open");

        await Host.PublishAsync(await Messages.VoidedAsync(Stripe, subscriber.InvoiceId));

        await Eventually.HoldsAsync(async () => await Database.StatusAsync(subscriber.InvoiceId) == "lost:InvoiceVoided", Timeout,
            "the case is lost as voided");
        // No final action when the invoice is gone: none queued or run, and the subscription is left alone in Stripe.
        Assert.Equal(0, await Database.CountAsync("SELECT count(*) FROM scheduler.due_jobs"));
        Assert.Equal(0, await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'final_action'"));
        Assert.NotEqual("canceled", (await new SubscriptionService(Stripe).GetAsync(subscriber.SubscriptionId)).Status);
        Assert.Empty(await PayCallsAsync(subscriber.InvoiceId));
    }

    /// <summary>The customer pays on the (sandbox's stand-in) hosted invoice page with a card of their own.</summary>
    private async Task PayOnHostedPageAsync(string invoiceId, string card)
    {
        using var client = new HttpClient { BaseAddress = Sandbox.BaseAddress };
        using var response = await client.PostAsync($"/sandbox/hosted/invoices/{invoiceId}/pay?card={card}__{Guid.NewGuid():N}", null);
        response.EnsureSuccessStatusCode();
    }
}
