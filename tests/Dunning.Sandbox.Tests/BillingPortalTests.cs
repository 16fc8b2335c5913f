using Stripe;
using Stripe.BillingPortal;

namespace Dunning.Sandbox.Tests;

/// <summary>
/// The portal's card update, as reports of Stripe's portal describe it: the new card is attached and becomes the customer's
/// invoice_settings.default_payment_method; a subscription's own default_payment_method stays (so it keeps being charged
/// first) and open invoices are not paid by it. Not confirmed from Stripe's own documentation; sources: codecov/codecov-api#630,
/// highlight/highlight#3709, polarsource/polar#14011 (subscriptions kept their own default after a portal card update).
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class BillingPortalTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task A_portal_card_update_sets_the_customers_default_only_and_pays_nothing()
    {
        var billing = new Billing(sandbox.Stripe);
        var customer = await billing.CustomerWithCardAsync("pm_card_chargeDeclined");
        var own = await new PaymentMethodService(sandbox.Stripe).AttachAsync(
            "pm_card_chargeDeclinedInsufficientFunds", new PaymentMethodAttachOptions { Customer = customer.Id });
        var subscription = await billing.SubscribeAsync(customer.Id);
        subscription = await new SubscriptionService(sandbox.Stripe).UpdateAsync(
            subscription.Id, new SubscriptionUpdateOptions { DefaultPaymentMethod = own.Id });
        var session = await new SessionService(sandbox.Stripe).CreateAsync(new SessionCreateOptions { Customer = customer.Id });

        (await sandbox.Http.PostAsync($"/sandbox/hosted/portal/{session.Id}/card?card=pm_card_visa", null)).EnsureSuccessStatusCode();

        var updated = await new CustomerService(sandbox.Stripe).GetAsync(customer.Id);
        var card = await new PaymentMethodService(sandbox.Stripe).GetAsync(updated.InvoiceSettings.DefaultPaymentMethodId);
        Assert.Equal("4242", card.Card.Last4);
        Assert.Equal(own.Id, (await new SubscriptionService(sandbox.Stripe).GetAsync(subscription.Id)).DefaultPaymentMethodId);
        Assert.Equal("open", (await new InvoiceService(sandbox.Stripe).GetAsync(subscription.LatestInvoiceId)).Status);
        var events = (await new EventService(sandbox.Stripe).ListAsync(new EventListOptions { Limit = 3 })).Data;
        Assert.Equal(["customer.updated", "payment_method.attached"], events.Take(2).Select(e => e.Type)); // newest first
        Assert.Equal(customer.InvoiceSettings.DefaultPaymentMethodId,
            (string)events[0].Data.PreviousAttributes.invoice_settings.default_payment_method);
    }
}
