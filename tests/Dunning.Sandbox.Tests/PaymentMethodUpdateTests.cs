using Stripe;

namespace Dunning.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
/// <summary>Source: Stripe's "Update a PaymentMethod" (<c>POST /v1/payment_methods/{id}</c>, <c>card[exp_month]</c>, <c>card[exp_year]</c>;
/// "A PaymentMethod must be attached a customer to be updated") and Stripe.net 53.1.0 EventTypes.PaymentMethodUpdated ("Occurs whenever
/// a payment method is updated via the PaymentMethod update API").</summary>
public sealed class PaymentMethodUpdateTests(SandboxFixture sandbox)
{
    private readonly Billing _billing = new(sandbox.Stripe);

    [Fact]
    public async Task A_new_expiry_is_kept_and_the_event_says_what_it_was()
    {
        var customer = await _billing.CustomerWithCardAsync("pm_card_visa");
        var pmId = customer.InvoiceSettings.DefaultPaymentMethodId;
        var before = await new PaymentMethodService(sandbox.Stripe).GetAsync(pmId);

        var updated = await new PaymentMethodService(sandbox.Stripe).UpdateAsync(pmId, new PaymentMethodUpdateOptions
        {
            Card = new PaymentMethodCardOptions { ExpMonth = 4, ExpYear = 2032 },
        });

        Assert.Equal((4L, 2032L, before.Card.Fingerprint), (updated.Card.ExpMonth, updated.Card.ExpYear, updated.Card.Fingerprint));
        var evt = await sandbox.Receiver.WaitForAsync("payment_method.updated", e => ((PaymentMethod)e.Data.Object).Id == pmId);
        Assert.Equal(before.Card.ExpYear, (long)evt.Data.PreviousAttributes.card.exp_year);
        Assert.Equal(2032L, (await new PaymentMethodService(sandbox.Stripe).GetAsync(pmId)).Card.ExpYear);
    }
}
