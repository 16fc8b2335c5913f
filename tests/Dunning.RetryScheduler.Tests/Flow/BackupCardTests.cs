using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;
using Stripe;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary>
/// Backup cards (RetryPolicy:BackupCards on): after a hard decline, the customer's other unexpired cards are each paid with once,
/// through <c>POST /v1/invoices/{id}/pay</c> with <c>payment_method</c> ("must be the ID of a PaymentMethod belonging to the
/// customer associated with the invoice", Stripe.net 53.1.0's InvoicePayOptions), found with
/// <c>GET /v1/customers/{id}/payment_methods?type=card</c> (CustomerPaymentMethodService).
/// </summary>
public sealed class BackupCardTests(SandboxFixture sandbox)
    : SchedulerFlowTest(sandbox, new Dictionary<string, string?> { ["RetryPolicy:BackupCards"] = "true" })
{
    [Fact]
    public async Task A_hard_decline_is_recovered_by_the_customers_other_card_once_within_its_budget_without_making_it_the_default()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(Stripe, "pm_card_chargeDeclinedStolenCard", subscriptionOwnsCard: true);
        var other = await new PaymentMethodService(Stripe).AttachAsync("pm_card_visa", new PaymentMethodAttachOptions { Customer = subscriber.CustomerId });

        await Host.PublishAsync(await Messages.FailedAsync(Stripe, subscriber.InvoiceId));

        await Eventually.HoldsAsync(async () => await Database.StatusAsync(subscriber.InvoiceId) == "recovered:BackupCard", Timeout,
            "the other card pays the invoice");
        var call = Assert.Single(await Sandbox.PayCallsAsync(subscriber.InvoiceId));
        Assert.Equal(other.Id, (await new ChargeService(Stripe).GetAsync(call.Charge)).PaymentMethod);
        Assert.Equal(1, await Database.CountAsync($"SELECT count(*) FROM scheduler.card_attempts WHERE fingerprint = '{other.Card.Fingerprint}'"));
        Assert.Equal(1, await Database.CountAsync("SELECT count(*) FROM scheduler.cases WHERE attempts = 1")); // one of the policy's attempts
        Assert.Equal(1, await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'backup_card'"));
        Assert.Equal(subscriber.PaymentMethodId, (await new SubscriptionService(Stripe).GetAsync(subscriber.SubscriptionId)).DefaultPaymentMethodId);
    }

    [Fact]
    public async Task A_backup_card_that_declines_is_not_tried_again_and_the_case_waits_for_a_new_card()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(Stripe, "pm_card_chargeDeclinedStolenCard");
        var other = await new PaymentMethodService(Stripe).AttachAsync("pm_card_chargeDeclinedInsufficientFunds",
            new PaymentMethodAttachOptions { Customer = subscriber.CustomerId });

        await Host.PublishAsync(await Messages.FailedAsync(Stripe, subscriber.InvoiceId));

        await Eventually.HoldsAsync(async () => (await Sandbox.PayCallsAsync(subscriber.InvoiceId)).Count == 1, Timeout, "the backup card was tried");
        // The job's next run is the window's end (1 h in this policy): no other card is left to try.
        await Eventually.HoldsAsync(async () => await Database.CountAsync($"""
            SELECT count(*) FROM scheduler.due_jobs
            WHERE job_key = 'retry:{await Database.CaseIdAsync(subscriber.InvoiceId)}' AND due_at > now() + interval '30 minutes'
            """) == 1, Timeout, "the case waits for a new card after its one backup card declined");
        var call = Assert.Single(await Sandbox.PayCallsAsync(subscriber.InvoiceId));
        Assert.Equal(other.Id, (await new ChargeService(Stripe).GetAsync(call.Charge)).PaymentMethod);
        Assert.Equal("open:", await Database.StatusAsync(subscriber.InvoiceId)); // status:outcome
    }
}
