using Stripe;

namespace Dunning.Testing;

/// <summary>A customer the test signed up in the sandbox: its card, its subscription and the subscription's first invoice.</summary>
public sealed record SandboxSubscriber(string CustomerId, string PaymentMethodId, string PriceId, string SubscriptionId, string InvoiceId,
    string Email)
{
    /// <summary>
    /// Creates a customer whose default card is the test card <paramref name="cardToken"/> (e.g. <c>pm_card_chargeDeclined</c>;
    /// without a <c>__suffix</c> it gets a unique one, so each customer has a card of its own fingerprint), a monthly price
    /// and a subscription. The sandbox charges the first invoice at once, so with a declining card the invoice stays open
    /// and failed (<c>invoice.payment_failed</c>, attempt 1). <paramref name="preferredLocales"/> become the customer's
    /// <c>preferred_locales</c> (e.g. <c>nl-NL</c>); without them the customer has none. With <paramref name="subscriptionOwnsCard"/> the
    /// subscription carries the card as its own <c>default_payment_method</c>, as Stripe Checkout creates subscriptions.
    /// The customer's <paramref name="email"/> is a new address unless given.
    /// </summary>
    public static async Task<SandboxSubscriber> SignUpAsync(IStripeClient stripe, string cardToken, long amountMinor = 1999, string currency = "usd",
        IReadOnlyList<string>? preferredLocales = null, bool subscriptionOwnsCard = false, string? email = null)
    {
        if (!cardToken.Contains("__", StringComparison.Ordinal)) cardToken += $"__{Guid.NewGuid():N}";
        var customer = await new CustomerService(stripe).CreateAsync(new CustomerCreateOptions
        {
            Email = email ?? $"{Guid.NewGuid():N}@example.com",
            PaymentMethod = cardToken,
            InvoiceSettings = new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = cardToken },
            PreferredLocales = preferredLocales?.ToList(),
        });
        var price = await new PriceService(stripe).CreateAsync(new PriceCreateOptions
        {
            Currency = currency, UnitAmount = amountMinor, Recurring = new PriceRecurringOptions { Interval = "month" },
            ProductData = new PriceProductDataOptions { Name = "Plan" },
        });
        var subscription = await new SubscriptionService(stripe).CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price.Id }],
            DefaultPaymentMethod = subscriptionOwnsCard ? customer.InvoiceSettings.DefaultPaymentMethodId : null,
        });
        return new SandboxSubscriber(customer.Id, customer.InvoiceSettings.DefaultPaymentMethodId, price.Id, subscription.Id, subscription.LatestInvoiceId,
            customer.Email);
    }
}
