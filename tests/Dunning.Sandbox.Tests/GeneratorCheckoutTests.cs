using Dunning.Sandbox.Generator;
using Stripe;

namespace Dunning.Sandbox.Tests;

/// <summary>The generator's sign-up paths, run against a sandbox of its own (its month of renewals fills the event list).</summary>
/// <remarks>
/// What the generator does is client traffic, not Stripe behaviour. The one Stripe rule these sign-ups rest on:
/// subscription.default_payment_method takes precedence over the customer's invoice_settings.default_payment_method
/// (Stripe.net 53.1.0 Subscription.DefaultPaymentMethod; docs.stripe.com/billing/revenue-recovery/smart-retries, "Payment
/// method ordering"). That Checkout itself puts the card there is not confirmed from Stripe's documentation.
/// </remarks>
public sealed class GeneratorCheckoutTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Part_of_the_subscriptions_carry_their_own_default_card_as_Checkout_makes_them_and_still_fail_at_renewal()
    {
        var options = new GeneratorOptions { Customers = 40, FailureRate = 0.5, CheckoutShare = 0.5, Seed = 11, Speed = 0, Days = 31 };
        var api = new SandboxApiClient(sandbox.Http, sandbox.Http.BaseAddress!.ToString(), "sk_test_generator_tests");
        await new TrafficGenerator(api, options, _ => { }).RunAsync(CancellationToken.None);

        var subscriptions = new List<Subscription>();
        await foreach (var s in new SubscriptionService(sandbox.Stripe).ListAutoPagingAsync(new SubscriptionListOptions { Limit = 100 })) subscriptions.Add(s);
        var customers = new CustomerService(sandbox.Stripe);
        var own = subscriptions.Where(s => s.DefaultPaymentMethodId is not null).ToList();
        Assert.Equal(40, subscriptions.Count);
        Assert.InRange(own.Count, 10, 30);
        foreach (var s in own) Assert.Null((await customers.GetAsync(s.CustomerId)).InvoiceSettings.DefaultPaymentMethodId);
        foreach (var s in subscriptions.Except(own)) Assert.NotNull((await customers.GetAsync(s.CustomerId)).InvoiceSettings.DefaultPaymentMethodId);
        Assert.Contains(own, s => s.Status == "past_due"); // the failure mix reaches them too
        Assert.Contains(subscriptions.Except(own), s => s.Status == "past_due");
    }
}
