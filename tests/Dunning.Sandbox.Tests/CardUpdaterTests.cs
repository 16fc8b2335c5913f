using Stripe;

namespace Dunning.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
/// <summary>Source: Stripe.net 53.1.0 EventTypes.PaymentMethodAutomaticallyUpdated ("Occurs whenever a payment method's
/// details are automatically updated by the network"), and the recorded card-updater payload of the webhook's
/// RealPayloadTests (same payment method id, new card details, previous_attributes).</summary>
public sealed class CardUpdaterTests(SandboxFixture sandbox)
{
    private readonly Billing _billing = new(sandbox.Stripe);

    [Fact]
    public async Task A_reissued_card_keeps_its_id_gets_a_new_number_and_expiry_and_the_event_says_what_it_was()
    {
        var customer = await _billing.CustomerWithCardAsync("pm_card_chargeDeclinedExpiredCard");
        var subscription = await _billing.SubscribeAsync(customer.Id); // declined: expired_card
        var pmId = customer.InvoiceSettings.DefaultPaymentMethodId;
        var before = await new PaymentMethodService(sandbox.Stripe).GetAsync(pmId);

        var answer = await sandbox.Http.PostAsync($"/sandbox/card_updater/{pmId}?exp_month=3&exp_year=2031&last4=1881&card=pm_card_visa", null);
        answer.EnsureSuccessStatusCode();

        var evt = await sandbox.Receiver.WaitForAsync("payment_method.automatically_updated", e => ((PaymentMethod)e.Data.Object).Id == pmId);
        var updated = (PaymentMethod)evt.Data.Object;
        Assert.Equal((3L, 2031L, "1881"), (updated.Card.ExpMonth, updated.Card.ExpYear, updated.Card.Last4));
        Assert.NotEqual(before.Card.Fingerprint, updated.Card.Fingerprint); // a new card number
        Assert.Equal(customer.Id, updated.CustomerId);
        var previous = evt.Data.PreviousAttributes.card;
        Assert.Equal(before.Card.Last4, (string)previous.last4);
        Assert.Equal(before.Card.ExpYear, (long)previous.exp_year);
        var paid = await new InvoiceService(sandbox.Stripe).PayAsync(subscription.LatestInvoiceId);
        Assert.Equal("paid", paid.Status); // the reissued card works
    }

    [Fact]
    public async Task A_new_expiry_alone_keeps_the_fingerprint()
    {
        var customer = await _billing.CustomerWithCardAsync("pm_card_visa");
        var pmId = customer.InvoiceSettings.DefaultPaymentMethodId;
        var before = await new PaymentMethodService(sandbox.Stripe).GetAsync(pmId);

        (await sandbox.Http.PostAsync($"/sandbox/card_updater/{pmId}", null)).EnsureSuccessStatusCode();

        var evt = await sandbox.Receiver.WaitForAsync("payment_method.automatically_updated", e => ((PaymentMethod)e.Data.Object).Id == pmId);
        var updated = (PaymentMethod)evt.Data.Object;
        Assert.Equal(before.Card.ExpYear + 4, updated.Card.ExpYear);
        Assert.Equal(before.Card.Last4, updated.Card.Last4);
        Assert.Equal(before.Card.Fingerprint, updated.Card.Fingerprint);
    }
}
