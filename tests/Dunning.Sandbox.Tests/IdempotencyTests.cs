using Stripe;

namespace Dunning.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class IdempotencyTests(SandboxFixture sandbox)
{
    private readonly Billing _billing = new(sandbox.Stripe);

    [Fact]
    public async Task Same_key_twice_charges_once_and_answers_the_same()
    {
        var customer = await _billing.CustomerWithCardAsync("pm_card_chargeDeclinedInsufficientFunds");
        var subscription = await _billing.SubscribeAsync(customer.Id);
        var invoices = new InvoiceService(sandbox.Stripe);
        var options = new RequestOptions { IdempotencyKey = "case-1-attempt-1-" + subscription.LatestInvoiceId };

        var first = await Assert.ThrowsAsync<StripeException>(() => invoices.PayAsync(subscription.LatestInvoiceId, null, options));
        var second = await Assert.ThrowsAsync<StripeException>(() => invoices.PayAsync(subscription.LatestInvoiceId, null, options));

        Assert.Equal(first.StripeError.Charge, second.StripeError.Charge);
        Assert.Equal("insufficient_funds", second.StripeError.DeclineCode);
        Assert.Single(await sandbox.PayCallsAsync(subscription.LatestInvoiceId));
        var charges = await new ChargeService(sandbox.Stripe).ListAsync(new ChargeListOptions { Customer = customer.Id });
        Assert.Equal(2, charges.Data.Count); // the automatic first attempt and one pay call
        var invoice = await invoices.GetAsync(subscription.LatestInvoiceId);
        Assert.Equal(2, invoice.AttemptCount);
    }

    [Fact]
    public async Task Same_key_with_other_parameters_is_an_idempotency_error()
    {
        var customer = await _billing.CustomerWithCardAsync("pm_card_chargeDeclined");
        var subscription = await _billing.SubscribeAsync(customer.Id);
        var invoices = new InvoiceService(sandbox.Stripe);
        var options = new RequestOptions { IdempotencyKey = "reused-" + subscription.LatestInvoiceId };
        await Assert.ThrowsAsync<StripeException>(() => invoices.PayAsync(subscription.LatestInvoiceId, null, options));

        var error = await Assert.ThrowsAsync<StripeException>(() =>
            invoices.PayAsync(subscription.LatestInvoiceId, new InvoicePayOptions { PaymentMethod = "pm_card_visa" }, options));

        Assert.Equal("idempotency_error", error.StripeError.Type);
        Assert.Equal("open", (await invoices.GetAsync(subscription.LatestInvoiceId)).Status);
    }
}
