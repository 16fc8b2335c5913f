using Dunning.Testing;
using Stripe.TestHelpers;
using Stripe;

namespace Dunning.Sandbox.Tests;

/// <summary>A sandbox in its Smart-Retries-like mode: 3 automatic tries over 4 days (a try every 2 days), then cancel.</summary>
public sealed class SmartRetrySandboxFixture : SandboxFixture
{
    protected override IEnumerable<(string Key, string Value)> ExtraSettings =>
    [
        ("Sandbox:SmartRetries:Enabled", "true"), ("Sandbox:SmartRetries:Tries", "3"),
        ("Sandbox:SmartRetries:WindowDays", "4"), ("Sandbox:SmartRetries:FinalStatus", "canceled"),
    ];
}

/// <summary>
/// Sources: docs.stripe.com/billing/revenue-recovery/smart-retries (Stripe retries a failed renewal a set number of times
/// within a set period, recommended default 8 tries within 2 weeks, then applies the configured subscription status) and
/// Stripe.net 53.1.0 Invoice.NextPaymentAttempt ("The time at which payment will next be attempted"). The spacing of the
/// tries is Stripe's model's choice and not documented: the sandbox spreads them evenly (not confirmed).
/// </summary>
public sealed class SmartRetryTests(SmartRetrySandboxFixture sandbox) : IClassFixture<SmartRetrySandboxFixture>
{
    private readonly Billing _billing = new(sandbox.Stripe);

    [Fact]
    public async Task A_failed_renewal_is_retried_by_the_sandbox_when_its_clock_reaches_next_payment_attempt()
    {
        var (clock, subscription) = await RenewalCardAsync("pm_sandbox_recoverAfter2"); // the renewal and the first retry decline
        // The renewal a month on (31 days), its tries 2 and 4 days after: all within 40 days, before the next renewal.
        await new TestClockService(sandbox.Stripe).AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = clock.FrozenTime.AddDays(40) });

        var invoice = (await new InvoiceService(sandbox.Stripe).ListAsync(new InvoiceListOptions { Subscription = subscription.Id })).Data
            .Single(i => i.BillingReason == "subscription_cycle");
        var failures = await FailuresAsync(invoice.Id, 2);
        Assert.Equal([1L, 2L], failures.Select(f => f.AttemptCount));
        Assert.Equal(failures[0].StatusTransitions.FinalizedAt!.Value.AddDays(2), failures[0].NextPaymentAttempt);
        Assert.Equal(failures[0].NextPaymentAttempt!.Value.AddDays(2), failures[1].NextPaymentAttempt);
        var paid = (Invoice)(await sandbox.Receiver.WaitForAsync("invoice.paid", e => ((Invoice)e.Data.Object).Id == invoice.Id)).Data.Object;
        Assert.Equal(3, paid.AttemptCount);
        Assert.Null(paid.NextPaymentAttempt);
        Assert.Equal(failures[1].NextPaymentAttempt, paid.StatusTransitions.PaidAt);
        Assert.Empty(await sandbox.PayCallsAsync(invoice.Id)); // Stripe's own tries, not pay calls
    }

    [Fact]
    public async Task After_the_last_try_fails_the_subscription_gets_the_configured_final_status()
    {
        var (clock, subscription) = await RenewalCardAsync("pm_card_chargeDeclinedInsufficientFunds");

        await new TestClockService(sandbox.Stripe).AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = clock.FrozenTime.AddDays(40) });

        var deleted = await sandbox.Receiver.WaitForAsync("customer.subscription.deleted", e => ((Subscription)e.Data.Object).Id == subscription.Id);
        Assert.Equal("payment_failed", ((Subscription)deleted.Data.Object).CancellationDetails.Reason);
        var invoice = await new InvoiceService(sandbox.Stripe).GetAsync(((Subscription)deleted.Data.Object).LatestInvoiceId);
        Assert.Equal((3L, "open"), (invoice.AttemptCount, invoice.Status));
        Assert.Null(invoice.NextPaymentAttempt);
        Assert.Equal(3, (await FailuresAsync(invoice.Id, 3)).Count);
    }

    /// <summary>A customer on a new test clock, subscribed with a working card, whose card for the renewal is <paramref name="card"/>.</summary>
    private async Task<(TestClock Clock, Subscription Subscription)> RenewalCardAsync(string card)
    {
        var clock = await _billing.ClockAsync(new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc));
        var customer = await _billing.CustomerWithCardAsync("pm_card_visa", clock.Id);
        var subscription = await _billing.SubscribeAsync(customer.Id);
        var renewalCard = await new PaymentMethodService(sandbox.Stripe).AttachAsync(card, new PaymentMethodAttachOptions { Customer = customer.Id });
        await _billing.DefaultCardAsync(customer.Id, renewalCard.Id);
        return (clock, subscription);
    }

    private async Task<List<Invoice>> FailuresAsync(string invoiceId, int count)
    {
        await Eventually.HoldsAsync(() => Failures(invoiceId).Count == count, $"{count} invoice.payment_failed of {invoiceId}");
        return Failures(invoiceId);
    }

    private List<Invoice> Failures(string invoiceId) =>
        [.. sandbox.Receiver.Events.Where(e => e.Type == "invoice.payment_failed").Select(e => (Invoice)e.Data.Object)
            .Where(i => i.Id == invoiceId).OrderBy(i => i.AttemptCount)];
}
