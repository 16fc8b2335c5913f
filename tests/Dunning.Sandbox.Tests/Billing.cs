using Stripe;
using TestClock = Stripe.TestHelpers.TestClock;
using TestClockCreateOptions = Stripe.TestHelpers.TestClockCreateOptions;
using TestClockService = Stripe.TestHelpers.TestClockService;

namespace Dunning.Sandbox.Tests;

/// <summary>Short Stripe.net steps the tests share: a customer with a card, a monthly subscription.</summary>
public sealed class Billing(StripeClient stripe)
{
    public async Task<Customer> CustomerWithCardAsync(string card, string? testClock = null)
    {
        var customer = await new CustomerService(stripe).CreateAsync(new CustomerCreateOptions
        {
            Email = "ada@example.com",
            PreferredLocales = ["nl"],
            TestClock = testClock,
        });
        var pm = await new PaymentMethodService(stripe).AttachAsync(card, new PaymentMethodAttachOptions { Customer = customer.Id });
        return await DefaultCardAsync(customer.Id, pm.Id);
    }

    public Task<Customer> DefaultCardAsync(string customerId, string paymentMethodId) =>
        new CustomerService(stripe).UpdateAsync(customerId, new CustomerUpdateOptions
        {
            InvoiceSettings = new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = paymentMethodId },
        });

    public async Task<Subscription> SubscribeAsync(string customerId, string currency = "usd", long amount = 1900)
    {
        var price = await new PriceService(stripe).CreateAsync(new PriceCreateOptions
        {
            Currency = currency,
            UnitAmount = amount,
            Recurring = new PriceRecurringOptions { Interval = "month" },
            ProductData = new PriceProductDataOptions { Name = "Pro" },
        });
        return await new SubscriptionService(stripe).CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customerId,
            Items = [new SubscriptionItemOptions { Price = price.Id }],
        });
    }

    public Task<TestClock> ClockAsync(DateTime frozen) =>
        new TestClockService(stripe).CreateAsync(new TestClockCreateOptions { FrozenTime = frozen });
}
