using Dunning.Testing;
using Stripe;

namespace Dunning.EndToEnd.Tests;

/// <summary>
/// Journeys written from Stripe's documentation and driven as a Stripe user drives Stripe (Stripe.net against the sandbox,
/// webhooks into the running services):
/// - <c>POST /v1/invoices/{id}/pay</c> without <c>payment_method</c> charges the invoice's, then the subscription's, then the
///   customer's default (API reference, "Pay an invoice"); Checkout creates subscriptions with their own default;
/// - the billing portal sets the customer's <c>invoice_settings.default_payment_method</c>, which Stripe reports as
///   <c>customer.updated</c> with that field in <c>previous_attributes</c>.
/// Not confirmed from Stripe's documentation: whether the real portal also sets the subscription's own default; Dunning does
/// it itself after the new card paid (docs/decisions/006-which-card-change-retries.md), so the outcome does not depend on it.
/// </summary>
public sealed class StripeUserJourneyTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private WholeSystem _system = null!;

    public async Task InitializeAsync() => _system = await WholeSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task A_checkout_subscription_whose_card_failed_is_paid_with_the_card_the_customer_puts_in_the_portal()
    {
        var stripe = _system.Stripe;
        var (customer, subscription) = await CheckoutLikeSubscriptionAsync("pm_card_chargeDeclinedStolenCard");
        var invoiceId = subscription.LatestInvoiceId;
        await Eventually.HoldsAsync(
            async () => await ScalarAsync($"SELECT next_attempt_rule FROM scheduler.cases WHERE invoice_id = '{invoiceId}'") is not null,
            Timeout, () => $"the scheduler opens the case and waits for a new card\n{_system.Logs}");

        var portal = await new Stripe.BillingPortal.SessionService(stripe).CreateAsync(
            new Stripe.BillingPortal.SessionCreateOptions { Customer = customer.Id });
        await _system.Sandbox.UpdateCardInPortalAsync(portal.Url, "pm_card_visa");

        await Eventually.HoldsAsync(async () => (await new InvoiceService(stripe).GetAsync(invoiceId)).Status == "paid",
            Timeout, () => $"the invoice is paid\n{_system.Logs}");
        var newCard = (await new CustomerService(stripe).GetAsync(customer.Id)).InvoiceSettings.DefaultPaymentMethodId;
        var call = Assert.Single(await _system.Sandbox.PayCallsAsync(invoiceId));
        Assert.Equal(newCard, (await new ChargeService(stripe).GetAsync(call.Charge)).PaymentMethod);
        await Eventually.HoldsAsync(async () => (await new SubscriptionService(stripe).GetAsync(subscription.Id)).DefaultPaymentMethodId == newCard,
            Timeout, "the subscription's own default is now the new card");
        await Eventually.HoldsAsync(async () => await ScalarAsync($"SELECT outcome FROM scheduler.cases WHERE invoice_id = '{invoiceId}'") == "CardUpdated",
            Timeout, "the case is recovered by the card update");
    }

    [Fact]
    public async Task A_card_attached_but_not_made_the_default_is_not_charged()
    {
        var stripe = _system.Stripe;
        var (customer, subscription) = await CheckoutLikeSubscriptionAsync("pm_card_chargeDeclinedStolenCard");
        var invoiceId = subscription.LatestInvoiceId;
        await Eventually.HoldsAsync(
            async () => await ScalarAsync($"SELECT next_attempt_rule FROM scheduler.cases WHERE invoice_id = '{invoiceId}'") is not null,
            Timeout, () => $"the scheduler opens the case\n{_system.Logs}");

        var backup = await new PaymentMethodService(stripe).AttachAsync("pm_card_visa", new PaymentMethodAttachOptions { Customer = customer.Id });

        await Eventually.HoldsAsync(async () => await ScalarAsync(
            "SELECT count(*) FROM webhook.stripe_events WHERE type = 'payment_method.attached' "
            + $"AND payload::jsonb->'data'->'object'->>'id' = '{backup.Id}'") == "1",
            Timeout, "the webhook took in the attach event");
        Assert.Equal("0", await ScalarAsync($"SELECT count(*) FROM webhook.outbox WHERE body->>'paymentMethodId' = '{backup.Id}'"));
        Assert.Empty(await _system.Sandbox.PayCallsAsync(invoiceId));
        Assert.Equal("open", (await new InvoiceService(stripe).GetAsync(invoiceId)).Status);
    }

    [Fact]
    public async Task A_renewal_that_needs_3d_secure_gets_an_authentication_email_no_pay_call_and_is_paid_on_the_hosted_page()
    {
        // Stripe's 3-D Secure test card (docs: testing, "authentication required"): an off-session renewal asks the customer
        // to authenticate (invoice.payment_action_required); Stripe's stance is that such a payment has not failed.
        var stripe = _system.Stripe;
        var clock = await new Stripe.TestHelpers.TestClockService(stripe).CreateAsync(
            new Stripe.TestHelpers.TestClockCreateOptions { FrozenTime = DateTime.UtcNow });
        var email = $"e2e-{Guid.NewGuid():N}@example.com";
        var customer = await new CustomerService(stripe).CreateAsync(new CustomerCreateOptions { Email = email, TestClock = clock.Id });
        var good = await new PaymentMethodService(stripe).AttachAsync("pm_card_visa", new PaymentMethodAttachOptions { Customer = customer.Id });
        await SetDefaultCardAsync(customer.Id, good.Id);
        var subscription = await SubscribeAsync(customer.Id, defaultPaymentMethod: null);
        var needs3ds = await new PaymentMethodService(stripe).AttachAsync(
            "pm_card_authenticationRequired", new PaymentMethodAttachOptions { Customer = customer.Id });
        await SetDefaultCardAsync(customer.Id, needs3ds.Id);

        await new Stripe.TestHelpers.TestClockService(stripe).AdvanceAsync(
            clock.Id, new Stripe.TestHelpers.TestClockAdvanceOptions { FrozenTime = clock.FrozenTime.AddMonths(1).AddHours(2) });
        var renewal = (await new SubscriptionService(stripe).GetAsync(subscription.Id)).LatestInvoiceId;

        var sent = Assert.Single(await Maildev.WaitForAsync(email, 1, Timeout, () => _system.Logs));
        Assert.StartsWith("Please confirm your payment", sent.Subject);
        var invoice = await new InvoiceService(stripe).GetAsync(renewal);
        Assert.Equal("succeeded", await _system.Sandbox.PayOnHostedPageAsync(invoice.HostedInvoiceUrl, "pm_card_visa"));
        Assert.Equal("paid", (await new InvoiceService(stripe).GetAsync(renewal)).Status);
        Assert.DoesNotContain(await _system.Sandbox.PayCallsAsync(renewal), c => c.IdempotencyKey?.StartsWith("dunning:", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_card_the_card_updater_refreshes_pays_the_case_that_failed_on_it()
    {
        var stripe = _system.Stripe;
        var customer = await new CustomerService(stripe).CreateAsync(new CustomerCreateOptions { Email = $"e2e-{Guid.NewGuid():N}@example.com" });
        var expired = await new PaymentMethodService(stripe).AttachAsync(
            "pm_card_chargeDeclinedExpiredCard", new PaymentMethodAttachOptions { Customer = customer.Id });
        await SetDefaultCardAsync(customer.Id, expired.Id);
        var invoiceId = (await SubscribeAsync(customer.Id, defaultPaymentMethod: null)).LatestInvoiceId;
        await Eventually.HoldsAsync(
            async () => await ScalarAsync($"SELECT next_attempt_rule FROM scheduler.cases WHERE invoice_id = '{invoiceId}'") is not null,
            Timeout, () => $"the expired card's case waits for a new card\n{_system.Logs}");

        // The card network's account updater reissues the card: same payment method, new expiry (payment_method.automatically_updated).
        using var sandbox = new HttpClient { BaseAddress = _system.Sandbox.BaseAddress };
        var reissue = $"/sandbox/card_updater/{expired.Id}?exp_month=12&exp_year={DateTime.UtcNow.Year + 4}&card=pm_card_visa";
        (await sandbox.PostAsync(reissue, null)).EnsureSuccessStatusCode();

        await Eventually.HoldsAsync(async () => await ScalarAsync($"SELECT outcome FROM scheduler.cases WHERE invoice_id = '{invoiceId}'") == "CardUpdated",
            Timeout, () => $"the refreshed card pays the invoice\n{_system.Logs}");
        var call = Assert.Single(await _system.Sandbox.PayCallsAsync(invoiceId));
        Assert.Equal(expired.Id, (await new ChargeService(stripe).GetAsync(call.Charge)).PaymentMethod);
    }

    private Task SetDefaultCardAsync(string customerId, string paymentMethodId) =>
        new CustomerService(_system.Stripe).UpdateAsync(customerId, new CustomerUpdateOptions
        {
            InvoiceSettings = new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = paymentMethodId },
        });

    private async Task<Subscription> SubscribeAsync(string customerId, string? defaultPaymentMethod)
    {
        var price = await new PriceService(_system.Stripe).CreateAsync(new PriceCreateOptions
        {
            Currency = "usd", UnitAmount = 2_900, Recurring = new PriceRecurringOptions { Interval = "month" },
            ProductData = new PriceProductDataOptions { Name = "Team" },
        });
        return await new SubscriptionService(_system.Stripe).CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customerId, Items = [new SubscriptionItemOptions { Price = price.Id }], DefaultPaymentMethod = defaultPaymentMethod,
        });
    }

    private async Task<(Customer Customer, Subscription Subscription)> CheckoutLikeSubscriptionAsync(string cardToken)
    {
        var stripe = _system.Stripe;
        var customer = await new CustomerService(stripe).CreateAsync(new CustomerCreateOptions { Email = $"e2e-{Guid.NewGuid():N}@example.com" });
        var card = await new PaymentMethodService(stripe).AttachAsync(cardToken, new PaymentMethodAttachOptions { Customer = customer.Id });
        var price = await new PriceService(stripe).CreateAsync(new PriceCreateOptions
        {
            Currency = "usd", UnitAmount = 2_900, Recurring = new PriceRecurringOptions { Interval = "month" },
            ProductData = new PriceProductDataOptions { Name = "Team" },
        });
        // As Checkout creates it: the card is the subscription's own default, not the customer's.
        var subscription = await new SubscriptionService(stripe).CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price.Id }], DefaultPaymentMethod = card.Id,
        });
        return (customer, subscription);
    }

    private async Task<string?> ScalarAsync(string sql)
    {
        await using var command = _system.Database.DataSource.CreateCommand(sql);
        try { return (await command.ExecuteScalarAsync())?.ToString(); }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P01") { return null; }
    }
}
