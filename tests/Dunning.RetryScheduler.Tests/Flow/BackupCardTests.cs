using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;
using Stripe;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary>
/// Backup cards (RetryPolicy:BackupCards on): after a hard decline, the customer's other unexpired cards are each paid with once,
/// through <c>POST /v1/invoices/{id}/pay</c> with <c>payment_method</c> ("must be the ID of a PaymentMethod belonging to the
/// customer associated with the invoice", Stripe.net 53.1.0's InvoicePayOptions), found with
/// <c>GET /v1/customers/{id}/payment_methods?type=card</c> (CustomerPaymentMethodService). So is the attempt after 2 soft declines
/// in a row on the case's card (RetryPolicy:BackupCardAfterSoftFailures), with at most the policy's 3 attempts in all.
/// </summary>
public sealed class BackupCardTests(SandboxFixture sandbox) : SchedulerFlowTest(sandbox, new Dictionary<string, string?>
{
    ["RetryPolicy:BackupCards"] = "true",
    ["RetryPolicy:BackupCardAfterSoftFailures"] = "2",
})
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

    [Fact]
    public async Task After_two_soft_declines_on_the_default_card_the_next_attempt_is_paid_by_the_customers_other_card_within_the_cap_and_budgets()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(Stripe, "pm_card_chargeDeclinedInsufficientFunds");
        var other = await new PaymentMethodService(Stripe).AttachAsync("pm_card_visa", new PaymentMethodAttachOptions { Customer = subscriber.CustomerId });
        var failed = await Messages.FailedAsync(Stripe, subscriber.InvoiceId);

        await Host.PublishAsync(failed);

        await Eventually.HoldsAsync(async () => await Database.StatusAsync(subscriber.InvoiceId) == "recovered:BackupCard", Timeout,
            "the other card pays the attempt after the default card's second soft decline");
        Assert.Equal([subscriber.PaymentMethodId, other.Id], await ChargedCardsAsync(subscriber.InvoiceId)); // the first retry: own card
        Assert.Equal(1, await Database.CountAsync("SELECT count(*) FROM scheduler.cases WHERE attempts = 2")); // of MaxAttempts 3
        Assert.Equal(1, await Database.CountAsync($"SELECT count(*) FROM scheduler.card_attempts WHERE fingerprint = '{other.Card.Fingerprint}'"));
        Assert.Equal(2, await Database.CountAsync(
            $"SELECT count(*) FROM scheduler.card_attempts WHERE fingerprint = '{failed.Decline.CardFingerprint}'")); // Stripe's and ours
        Assert.Equal(1, await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'backup_card'"));
        Assert.Equal(subscriber.PaymentMethodId, (await new CustomerService(Stripe).GetAsync(subscriber.CustomerId)).InvoiceSettings.DefaultPaymentMethodId);
    }

    [Fact]
    public async Task A_backup_card_that_declines_softly_is_tried_once_and_the_case_goes_on_with_its_own_card_to_the_attempt_cap()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(Stripe, "pm_card_chargeDeclinedInsufficientFunds");
        var other = await new PaymentMethodService(Stripe).AttachAsync("pm_card_chargeDeclinedInsufficientFunds__other", // its own fingerprint
            new PaymentMethodAttachOptions { Customer = subscriber.CustomerId });

        await Host.PublishAsync(await Messages.FailedAsync(Stripe, subscriber.InvoiceId));

        await Eventually.HoldsAsync(async () => await Database.StatusAsync(subscriber.InvoiceId) == "lost:RetriesExhausted", Timeout,
            "the policy's 3 attempts are made");
        Assert.Equal([subscriber.PaymentMethodId, other.Id, subscriber.PaymentMethodId], await ChargedCardsAsync(subscriber.InvoiceId));
        Assert.Equal(1, await Database.CountAsync("SELECT count(*) FROM scheduler.cases WHERE attempts = 3"));
        Assert.Equal(1, await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'backup_card'"));
    }

    [Fact]
    public async Task A_backup_card_whose_network_budget_is_full_is_not_charged_and_the_own_cards_schedule_goes_on()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(Stripe, "pm_sandbox_recoverAfter2"); // the third charge pays
        var other = await new PaymentMethodService(Stripe).AttachAsync("pm_card_mastercard",
            new PaymentMethodAttachOptions { Customer = subscriber.CustomerId });
        // Other invoices used the Mastercard's 24-hour budget (10 attempts) up.
        await Database.ExecuteAsync("INSERT INTO scheduler.card_attempts (fingerprint, at, case_id, source) "
            + $"SELECT '{other.Card.Fingerprint}', now(), gen_random_uuid(), 'Stripe' FROM generate_series(1, 10)");

        await Host.PublishAsync(await Messages.FailedAsync(Stripe, subscriber.InvoiceId));

        await Eventually.HoldsAsync(async () => await Database.StatusAsync(subscriber.InvoiceId) == "recovered:Retry", Timeout,
            "the own card's second retry pays");
        Assert.Equal([subscriber.PaymentMethodId, subscriber.PaymentMethodId], await ChargedCardsAsync(subscriber.InvoiceId));
        Assert.Equal(10, await Database.CountAsync($"SELECT count(*) FROM scheduler.card_attempts WHERE fingerprint = '{other.Card.Fingerprint}'"));
        Assert.Equal(1, await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'backup_card' AND rule = 'network_budget'"));
    }

    /// <summary>The payment method each of our pay calls on the invoice charged, oldest first.</summary>
    private async Task<List<string>> ChargedCardsAsync(string invoiceId)
    {
        var charged = new List<string>();
        foreach (var call in (await Sandbox.PayCallsAsync(invoiceId)).OrderBy(c => c.At))
            charged.Add((await new ChargeService(Stripe).GetAsync(call.Charge)).PaymentMethod);
        return charged;
    }
}
