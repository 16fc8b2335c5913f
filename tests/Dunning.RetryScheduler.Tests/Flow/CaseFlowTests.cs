using Dunning.Contracts;
using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary>Consumers and the retry job against real PostgreSQL and RabbitMQ, Stripe stubbed; the policy runs in seconds.</summary>
public sealed class CaseFlowTests() : SchedulerFlowTest(new Dictionary<string, string?> { ["RetryPolicy:FinalAction"] = "CancelSubscription" })
{
    [Fact]
    public async Task A_failed_payment_is_retried_once_and_recovered_by_the_retry()
    {
        await Host.PublishAsync(Messages.Failed("in_retry_ok"));

        await Eventually.HoldsAsync(async () => await Database.StatusAsync("in_retry_ok") == "recovered:Retry", Timeout, "the case is recovered by the retry");
        var caseId = await Database.CaseIdAsync("in_retry_ok");
        Assert.Equal([$"dunning:{caseId}:1"], Stripe.PayCalls.Select(c => c.Key));
        Assert.Equal(1, await Database.OutboxCountAsync("RetryScheduled"));
        Assert.Equal(1, await Database.OutboxCountAsync("RetryAttempted"));
        Assert.Equal(1, await Database.OutboxCountAsync("PaymentRecovered"));
    }

    [Fact]
    public async Task Declines_until_the_cap_close_the_case_lost_and_run_the_final_action()
    {
        Stripe.Answer = (_, _, _) => StubResponse.Declined("do_not_honor");
        await Host.PublishAsync(Messages.Failed("in_exhausted"));

        await Eventually.HoldsAsync(() => Stripe.OtherCalls.Contains("cancel sub_in_exhausted"), Timeout, "the subscription is cancelled as the final action");
        Assert.Equal("lost:RetriesExhausted", await Database.StatusAsync("in_exhausted"));
        Assert.Equal(3, Stripe.PayCalls.Count);
        Assert.Equal(3, Stripe.PayCalls.Select(c => c.Key).Distinct().Count());
        Assert.Equal(1, await Database.OutboxCountAsync("RevenueLost"));
    }

    [Fact]
    public async Task Stripes_echo_of_our_own_declined_pay_call_is_not_counted_twice_on_the_card()
    {
        Stripe.Answer = (_, _, _) => StubResponse.Declined("do_not_honor");
        await Host.PublishAsync(Messages.Failed("in_echo"));
        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT pay_calls FROM scheduler.cases WHERE invoice_id = 'in_echo'") >= 1,
            Timeout, "the first retry is made");

        // Stripe reports our failed pay call as invoice.payment_failed with attempt_count 2.
        await Host.PublishAsync(Messages.Failed("in_echo") with { StripeAttemptCount = 2 });

        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.inbox WHERE consumer = 'PaymentFailedConsumer'") == 2,
            Timeout, "the echo is consumed");
        // Card attempts are the first failure plus our pay calls, in any committed state.
        Assert.Equal(0, await Database.CountAsync("""
            SELECT (SELECT count(*) FROM scheduler.card_attempts WHERE fingerprint = 'fp_in_echo')
                 - (SELECT 1 + pay_calls FROM scheduler.cases WHERE invoice_id = 'in_echo')
            """));
    }

    [Fact]
    public async Task A_hard_decline_is_not_retried_until_a_new_card_which_is_tried_at_once()
    {
        await Host.PublishAsync(Messages.Failed("in_stolen", "stolen_card", customer: "cus_stolen"));
        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'awaiting_new_card'") == 1,
            Timeout, "the case waits for a new card");
        Assert.Empty(Stripe.PayCalls);

        await Host.PublishAsync(new PaymentMethodUpdated("evt_pm_1", "cus_stolen", "pm_new", "mastercard", "fp_new", DateTimeOffset.UtcNow));

        await Eventually.HoldsAsync(async () => await Database.StatusAsync("in_stolen") == "recovered:CardUpdated", Timeout, "the new card pays the invoice");
        Assert.Single(Stripe.PayCalls);
        Assert.Equal(1, await Database.CountAsync("SELECT count(*) FROM scheduler.card_attempts WHERE fingerprint = 'fp_new'"));
    }

    [Fact]
    public async Task A_payment_before_the_failure_event_leaves_the_invoice_recovered()
    {
        await Host.PublishAsync(Messages.Succeeded("in_out_of_order", outOfBand: true));
        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.settled_invoices") == 1, Timeout, "the payment is remembered");

        await Host.PublishAsync(Messages.Failed("in_out_of_order"));

        await Eventually.HoldsAsync(async () => await Database.StatusAsync("in_out_of_order") == "recovered:OutOfBand", Timeout, "the late failure finds the invoice paid");
        Assert.Equal(0, await Database.CountAsync("SELECT count(*) FROM scheduler.due_jobs"));
        Assert.Empty(Stripe.PayCalls);
    }

    [Fact]
    public async Task Paid_by_the_customer_closes_the_case_and_cancels_the_pending_retry()
    {
        await Host.PublishAsync(Messages.Failed("in_customer_paid", "expired_card"));
        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.due_jobs") == 1, Timeout, "the case's job waits for the window end");

        await Host.PublishAsync(Messages.Succeeded("in_customer_paid"));

        await Eventually.HoldsAsync(async () => await Database.StatusAsync("in_customer_paid") is "recovered:CustomerPaid", Timeout, "the case is recovered");
        Assert.Equal(0, await Database.CountAsync("SELECT count(*) FROM scheduler.due_jobs"));
    }

    [Fact]
    public async Task A_voided_invoice_closes_the_case_lost()
    {
        await Host.PublishAsync(Messages.Failed("in_voided", "lost_card"));
        await Eventually.HoldsAsync(async () => await Database.StatusAsync("in_voided") == "open:", Timeout, "the case is open");

        await Host.PublishAsync(new InvoiceVoided("evt_void", "in_voided", "cus_test", "sub_in_voided", DateTimeOffset.UtcNow));

        await Eventually.HoldsAsync(async () => await Database.StatusAsync("in_voided") == "lost:InvoiceVoided", Timeout, "the case is lost as voided");
        Assert.Empty(Stripe.OtherCalls); // no final action when the invoice is gone
    }
}
