using Stripe;

namespace Dunning.Sandbox.Tests;

/// <summary>
/// Stripe's invoice.attempt_count: "Any payment attempt counts as the first attempt, and subsequently only automatic
/// retries increment the attempt count. In other words, manual payment attempts after the first attempt do not affect the
/// retry schedule." (Stripe.net 53.1.0, Invoice.AttemptCount.)
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class AttemptCountTests(SandboxFixture sandbox)
{
    private readonly Billing _billing = new(sandbox.Stripe);

    [Fact]
    public async Task Pay_calls_and_the_hosted_page_after_the_first_attempt_leave_attempt_count_alone()
    {
        var customer = await _billing.CustomerWithCardAsync("pm_sandbox_recoverAfter3");
        var subscription = await _billing.SubscribeAsync(customer.Id); // the automatic first attempt declines
        var invoices = new InvoiceService(sandbox.Stripe);

        await Assert.ThrowsAsync<StripeException>(() => invoices.PayAsync(subscription.LatestInvoiceId));
        await Assert.ThrowsAsync<StripeException>(() => invoices.PayAsync(subscription.LatestInvoiceId));
        Assert.Equal(1, (await invoices.GetAsync(subscription.LatestInvoiceId)).AttemptCount);
        (await sandbox.Http.PostAsync($"/sandbox/hosted/invoices/{subscription.LatestInvoiceId}/pay?card=pm_card_visa", null)).EnsureSuccessStatusCode();

        var paid = await invoices.GetAsync(subscription.LatestInvoiceId);
        Assert.Equal(("paid", 1L), (paid.Status, paid.AttemptCount));
    }

    [Fact]
    public async Task A_manual_first_attempt_counts_as_the_first()
    {
        var customer = await _billing.CustomerWithCardAsync("pm_card_chargeDeclined");
        var price = await new PriceService(sandbox.Stripe).CreateAsync(new PriceCreateOptions
        {
            Currency = "usd", UnitAmount = 500, Recurring = new PriceRecurringOptions { Interval = "month" },
            ProductData = new PriceProductDataOptions { Name = "Invoiced" },
        });
        var subscription = await new SubscriptionService(sandbox.Stripe).CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price.Id }], CollectionMethod = "send_invoice", DaysUntilDue = 7,
        }); // no automatic attempt
        var invoices = new InvoiceService(sandbox.Stripe);
        Assert.Equal(0, (await invoices.GetAsync(subscription.LatestInvoiceId)).AttemptCount);

        await Assert.ThrowsAsync<StripeException>(() => invoices.PayAsync(subscription.LatestInvoiceId));
        await Assert.ThrowsAsync<StripeException>(() => invoices.PayAsync(subscription.LatestInvoiceId));

        Assert.Equal(1, (await invoices.GetAsync(subscription.LatestInvoiceId)).AttemptCount);
    }
}
