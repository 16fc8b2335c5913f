using System.Net;
using Stripe;

namespace Dunning.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
/// <summary>Source of the requires-action answer: Stripe's error code invoice_payment_intent_requires_action (Stripe's
/// OpenAPI error-code list, docs.stripe.com/error-codes), a card_error on invoice pay whose payment intent needs 3-D Secure.</summary>
public sealed class TestCardTests(SandboxFixture sandbox)
{
    private readonly Billing _billing = new(sandbox.Stripe);

    [Theory]
    [InlineData("pm_card_chargeDeclined", "card_declined", "generic_decline")]
    [InlineData("pm_card_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds")]
    [InlineData("pm_card_chargeDeclinedExpiredCard", "expired_card", "expired_card")]
    [InlineData("pm_card_chargeDeclinedLostCard", "card_declined", "lost_card")]
    [InlineData("pm_card_chargeDeclinedStolenCard", "card_declined", "stolen_card")]
    [InlineData("pm_card_chargeDeclinedFraudulent", "card_declined", "fraudulent")]
    [InlineData("pm_card_chargeDeclinedIncorrectCvc", "incorrect_cvc", "incorrect_cvc")]
    [InlineData("pm_card_chargeDeclinedProcessingError", "processing_error", "processing_error")]
    [InlineData("pm_card_chargeCustomerFail", "card_declined", "generic_decline")]
    public async Task Declining_card_gives_Stripes_documented_decline_code(string card, string code, string declineCode)
    {
        var customer = await _billing.CustomerWithCardAsync(card);
        var subscription = await _billing.SubscribeAsync(customer.Id);

        var error = await Assert.ThrowsAsync<StripeException>(() => new InvoiceService(sandbox.Stripe).PayAsync(subscription.LatestInvoiceId));

        Assert.Equal(HttpStatusCode.PaymentRequired, error.HttpStatusCode);
        Assert.Equal("card_error", error.StripeError.Type);
        Assert.Equal(code, error.StripeError.Code);
        Assert.Equal(declineCode, error.StripeError.DeclineCode);
        var charge = await new ChargeService(sandbox.Stripe).GetAsync(error.StripeError.Charge);
        Assert.Equal("failed", charge.Status);
        Assert.Equal(declineCode, charge.Outcome.Reason);
    }

    [Fact]
    public async Task Pay_on_an_invoice_that_needs_3DS_answers_Stripes_requires_action_402_with_the_payment_intent_and_no_decline_code()
    {
        var customer = await _billing.CustomerWithCardAsync("pm_card_authenticationRequired");
        var subscription = await _billing.SubscribeAsync(customer.Id);

        var error = await Assert.ThrowsAsync<StripeException>(() => new InvoiceService(sandbox.Stripe).PayAsync(subscription.LatestInvoiceId));

        Assert.Equal(HttpStatusCode.PaymentRequired, error.HttpStatusCode);
        Assert.Equal("card_error", error.StripeError.Type);
        Assert.Equal("invoice_payment_intent_requires_action", error.StripeError.Code);
        Assert.Null(error.StripeError.DeclineCode);
        Assert.Equal("requires_action", error.StripeError.PaymentIntent.Status);
        Assert.Null(error.StripeError.PaymentIntent.LastPaymentError);
        Assert.Equal("use_stripe_sdk", error.StripeError.PaymentIntent.NextAction.Type);
    }

    [Fact]
    public async Task Authentication_required_card_asks_for_action()
    {
        var customer = await _billing.CustomerWithCardAsync("pm_card_authenticationRequired");
        var subscription = await _billing.SubscribeAsync(customer.Id);

        var evt = await sandbox.Receiver.WaitForAsync("invoice.payment_action_required", e => ((Invoice)e.Data.Object).Id == subscription.LatestInvoiceId);
        Assert.Equal("open", ((Invoice)evt.Data.Object).Status);
    }

    [Theory]
    [InlineData("pm_card_visa", "visa")]
    [InlineData("pm_card_mastercard", "mastercard")]
    public async Task Succeeding_card_pays_the_first_invoice(string card, string brand)
    {
        var customer = await _billing.CustomerWithCardAsync(card);
        var subscription = await _billing.SubscribeAsync(customer.Id, "eur", 2900);

        var reloaded = await new SubscriptionService(sandbox.Stripe).GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        Assert.Equal("active", reloaded.Status);
        Assert.Equal("paid", reloaded.LatestInvoice.Status);
        var pm = await new PaymentMethodService(sandbox.Stripe).GetAsync(customer.InvoiceSettings.DefaultPaymentMethodId);
        Assert.Equal(brand, pm.Card.Brand);
    }

    [Fact]
    public async Task The_same_test_card_has_one_fingerprint_across_customers()
    {
        var first = await _billing.CustomerWithCardAsync("pm_card_visa");
        var second = await _billing.CustomerWithCardAsync("pm_card_visa");
        var service = new PaymentMethodService(sandbox.Stripe);

        var a = await service.GetAsync(first.InvoiceSettings.DefaultPaymentMethodId);
        var b = await service.GetAsync(second.InvoiceSettings.DefaultPaymentMethodId);

        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(a.Card.Fingerprint, b.Card.Fingerprint);
    }
}
