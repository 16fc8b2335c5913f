using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;
using Stripe;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary>
/// What a new card does to an open case, written from Stripe's documentation: <c>POST /v1/invoices/{id}/pay</c> without
/// <c>payment_method</c> charges the invoice's default, then the subscription's <c>default_payment_method</c>, then the customer's
/// <c>invoice_settings.default_payment_method</c> (API reference, "Pay an invoice"; Invoice.default_payment_method in Stripe.net 53.1.0).
/// </summary>
public sealed class NewCardTests(SandboxFixture sandbox) : SchedulerFlowTest(sandbox, new Dictionary<string, string?>())
{
    private Task CaseWaitsForANewCardAsync() =>
        Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'awaiting_new_card'") == 1,
            Timeout, "the case waits for a new card");

    [Fact]
    public async Task A_new_default_card_pays_even_when_the_subscription_has_its_own_default_and_then_becomes_the_subscriptions_default()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(Stripe, "pm_card_chargeDeclinedStolenCard", subscriptionOwnsCard: true);
        await Host.PublishAsync(await Messages.FailedAsync(Stripe, subscriber.InvoiceId));
        await CaseWaitsForANewCardAsync();

        // customer.updated names the new default by id only: no brand, no fingerprint in the event.
        var newCard = await Messages.NewDefaultCardAsync(Stripe, subscriber.CustomerId, "pm_card_visa");
        await Host.PublishAsync(newCard with { CardBrand = null, CardFingerprint = null });

        await Eventually.HoldsAsync(async () => await Database.StatusAsync(subscriber.InvoiceId) == "recovered:CardUpdated", Timeout,
            "the new card pays the invoice");
        var call = Assert.Single(await Sandbox.PayCallsAsync(subscriber.InvoiceId));
        Assert.Equal(newCard.PaymentMethodId, (await new ChargeService(Stripe).GetAsync(call.Charge)).PaymentMethod);
        Assert.Equal(1, await Database.CountAsync($"SELECT count(*) FROM scheduler.card_attempts WHERE fingerprint = '{newCard.CardFingerprint}'"));
        await Eventually.HoldsAsync(async () =>
            (await new SubscriptionService(Stripe).GetAsync(subscriber.SubscriptionId)).DefaultPaymentMethodId == newCard.PaymentMethodId,
            Timeout, "the new card becomes the subscription's default, so the next renewal charges it");
    }

    [Fact]
    public async Task A_customers_other_card_is_never_charged_unless_backup_cards_are_on()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(Stripe, "pm_card_chargeDeclinedStolenCard");
        await new PaymentMethodService(Stripe).AttachAsync("pm_card_visa", new PaymentMethodAttachOptions { Customer = subscriber.CustomerId });

        await Host.PublishAsync(await Messages.FailedAsync(Stripe, subscriber.InvoiceId));

        await CaseWaitsForANewCardAsync();
        await Eventually.HoldsAsync(async () => await Database.CountAsync($"""
            SELECT count(*) FROM scheduler.due_jobs
            WHERE job_key = 'retry:{await Database.CaseIdAsync(subscriber.InvoiceId)}' AND due_at > now() + interval '30 minutes'
            """) == 1, Timeout, "the case's next run is the window's end");
        Assert.Empty(await Sandbox.PayCallsAsync(subscriber.InvoiceId));
    }

    [Fact]
    public async Task A_subscription_without_its_own_default_is_left_following_the_customers_default()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(Stripe, "pm_card_chargeDeclinedStolenCard");
        await Host.PublishAsync(await Messages.FailedAsync(Stripe, subscriber.InvoiceId));
        await CaseWaitsForANewCardAsync();
        var newCard = await Messages.NewDefaultCardAsync(Stripe, subscriber.CustomerId, "pm_card_visa");
        await Host.PublishAsync(newCard);

        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'default_card'") == 1,
            Timeout, "the subscription's default is looked at");
        Assert.Equal("recovered:CardUpdated", await Database.StatusAsync(subscriber.InvoiceId));
        Assert.Null((await new SubscriptionService(Stripe).GetAsync(subscriber.SubscriptionId)).DefaultPaymentMethodId);
    }

    [Fact]
    public async Task A_new_card_that_needs_3d_secure_is_not_retried_again_it_waits_for_the_customer()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(Stripe, "pm_card_chargeDeclinedStolenCard");
        await Host.PublishAsync(await Messages.FailedAsync(Stripe, subscriber.InvoiceId));
        await CaseWaitsForANewCardAsync();
        await Host.PublishAsync(await Messages.NewDefaultCardAsync(Stripe, subscriber.CustomerId, "pm_card_authenticationRequired"));

        // Stripe's 402 for an invoice whose payment needs authentication: code invoice_payment_intent_requires_action, no decline code.
        await Eventually.HoldsAsync(async () => await Database.CountAsync(
            "SELECT count(*) FROM scheduler.cases WHERE next_attempt_at IS NULL AND next_attempt_rule = 'requires_action' AND status = 'open'") == 1,
            Timeout, "the case waits for the customer to authenticate");
        var call = Assert.Single(await Sandbox.PayCallsAsync(subscriber.InvoiceId));
        Assert.Equal("requires_action", call.Outcome);
    }

    [Fact]
    public async Task A_pay_call_stripe_refuses_is_not_repeated()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(Stripe, "pm_card_chargeDeclinedStolenCard");
        await Host.PublishAsync(await Messages.FailedAsync(Stripe, subscriber.InvoiceId));
        await CaseWaitsForANewCardAsync();
        // A card that is not the customer's: Stripe answers 400 resource_missing, which no repetition can change. The job's next
        // run is the window's end (1 h in this policy), not another pay call.
        var stranger = await SandboxSubscriber.SignUpAsync(Stripe, "pm_card_visa");
        var failed = await Messages.FailedAsync(Stripe, subscriber.InvoiceId);
        await Host.PublishAsync(new Contracts.PaymentMethodUpdated($"evt_pm_{Guid.NewGuid():N}", subscriber.CustomerId, stranger.PaymentMethodId, "visa",
            "fp_stranger", DateTimeOffset.UtcNow));

        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'refused'") == 1,
            Timeout, "the refusal is on the case's timeline");
        Assert.Equal(1, await Database.CountAsync($"""
            SELECT count(*) FROM scheduler.due_jobs
            WHERE job_key = 'retry:{await Database.CaseIdAsync(subscriber.InvoiceId)}' AND due_at > now() + interval '30 minutes'
            """));
        Assert.Equal("rejected", Assert.Single(await Sandbox.PayCallsAsync(subscriber.InvoiceId)).Outcome);
        Assert.Equal("open", (await new InvoiceService(Stripe).GetAsync(failed.InvoiceId)).Status);
    }
}
