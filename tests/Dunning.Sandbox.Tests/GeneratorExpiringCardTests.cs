using Dunning.Sandbox.Generator;
using Stripe;

namespace Dunning.Sandbox.Tests;

/// <summary>
/// The generator's expiring renewal cards, run against a sandbox of its own. Client traffic, not Stripe behaviour; it rests on
/// Stripe's "Update a PaymentMethod" (<c>card[exp_month]</c>, <c>card[exp_year]</c>) and on the renewal charging the subscription's
/// default card, else the customer's (Stripe.net 53.1.0 Subscription.DefaultPaymentMethod).
/// </summary>
public sealed class GeneratorExpiringCardTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task A_share_of_renewal_cards_expire_at_the_end_of_the_sign_up_month_before_the_renewal()
    {
        var options = new GeneratorOptions { Customers = 30, FailureRate = 0, ExpiringShare = 0.5, Seed = 12, Speed = 0, Days = 31 };
        var api = new SandboxApiClient(sandbox.Http, sandbox.Http.BaseAddress!.ToString(), "sk_test_generator_tests");
        await new TrafficGenerator(api, options, _ => { }).RunAsync(CancellationToken.None);

        var expiring = 0;
        await foreach (var s in new SubscriptionService(sandbox.Stripe).ListAutoPagingAsync(new SubscriptionListOptions
        {
            Limit = 100, Expand = ["data.default_payment_method", "data.customer.invoice_settings.default_payment_method"],
        }))
        {
            var card = (s.DefaultPaymentMethod ?? s.Customer.InvoiceSettings.DefaultPaymentMethod).Card;
            var start = s.StartDate;
            if ((card.ExpYear, card.ExpMonth) == (start.Year, start.Month)) expiring++;
            else Assert.True(card.ExpYear > start.Year + 1, $"a card that does not expire soon ({card.ExpMonth}/{card.ExpYear})");
        }
        Assert.InRange(expiring, 8, 22);
    }
}
