using Stripe;
using TestClockAdvanceOptions = Stripe.TestHelpers.TestClockAdvanceOptions;
using TestClockService = Stripe.TestHelpers.TestClockService;

namespace Dunning.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class TestClockTests(SandboxFixture sandbox)
{
    private readonly Billing _billing = new(sandbox.Stripe);

    [Fact]
    public async Task Advancing_the_clock_renews_and_a_recovering_card_pays_on_the_retry()
    {
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var clock = await _billing.ClockAsync(start);
        var customer = await _billing.CustomerWithCardAsync("pm_card_visa", clock.Id);
        var subscription = await _billing.SubscribeAsync(customer.Id);
        Assert.Equal("active", subscription.Status);
        var renewalCard = await new PaymentMethodService(sandbox.Stripe).AttachAsync(
            "pm_sandbox_recoverAfter1", new PaymentMethodAttachOptions { Customer = customer.Id });
        await _billing.DefaultCardAsync(customer.Id, renewalCard.Id);

        await new TestClockService(sandbox.Stripe).AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = start.AddDays(32) });

        var renewed = await new SubscriptionService(sandbox.Stripe).GetAsync(subscription.Id);
        Assert.Equal("past_due", renewed.Status);
        Assert.NotEqual(subscription.LatestInvoiceId, renewed.LatestInvoiceId);
        var failed = await sandbox.Receiver.WaitForAsync("invoice.payment_failed", e => ((Invoice)e.Data.Object).Id == renewed.LatestInvoiceId);
        Assert.Equal("subscription_cycle", ((Invoice)failed.Data.Object).BillingReason);
        Assert.Equal(new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc), failed.Created);

        var paid = await new InvoiceService(sandbox.Stripe).PayAsync(renewed.LatestInvoiceId);
        Assert.Equal("paid", paid.Status);
        Assert.Equal("active", (await new SubscriptionService(sandbox.Stripe).GetAsync(subscription.Id)).Status);
    }

    [Fact]
    public async Task One_advance_over_several_periods_renews_every_subscription_once_per_period_at_its_period_end()
    {
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var clock = await _billing.ClockAsync(start);
        var clocks = new TestClockService(sandbox.Stripe);
        var early = await _billing.SubscribeAsync((await _billing.CustomerWithCardAsync("pm_card_visa", clock.Id)).Id);
        await clocks.AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = start.AddDays(10) });
        var late = await _billing.SubscribeAsync((await _billing.CustomerWithCardAsync("pm_card_visa", clock.Id)).Id);

        await clocks.AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = start.AddDays(100) });

        Assert.Equal([start.AddMonths(1), start.AddMonths(2), start.AddMonths(3)], await RenewalDatesAsync(early.Id));
        Assert.Equal([start.AddDays(10).AddMonths(1), start.AddDays(10).AddMonths(2), start.AddDays(10).AddMonths(3)], await RenewalDatesAsync(late.Id));
    }

    private async Task<List<DateTime>> RenewalDatesAsync(string subscriptionId)
    {
        var invoices = await new InvoiceService(sandbox.Stripe).ListAsync(new InvoiceListOptions { Subscription = subscriptionId, Limit = 100 });
        return [.. invoices.Data.Where(i => i.BillingReason == "subscription_cycle").Select(i => i.Created).Order()];
    }
}
