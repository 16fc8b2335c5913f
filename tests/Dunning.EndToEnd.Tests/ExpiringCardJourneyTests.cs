using System.Net.Http.Json;
using System.Text.Json;
using Dunning.Testing;
using Stripe;
using TestClock = Stripe.TestHelpers.TestClock;
using TestClockAdvanceOptions = Stripe.TestHelpers.TestClockAdvanceOptions;
using TestClockCreateOptions = Stripe.TestHelpers.TestClockCreateOptions;
using TestClockService = Stripe.TestHelpers.TestClockService;

namespace Dunning.EndToEnd.Tests;

/// <summary>
/// Expiring-card reminders through every service, driven as a Stripe user drives Stripe: subscriptions on a test clock whose
/// cards expire this month, the clock advanced to two weeks before the renewal (Stripe's <c>customer.subscription.*</c> events
/// tell the renewal, <c>test_helpers.test_clock.*</c> the clock's time), then past the renewal. From Stripe's documentation:
/// "Update a PaymentMethod" changes a card's expiry; a subscription cycling sends <c>customer.subscription.updated</c>.
/// </summary>
public sealed class ExpiringCardJourneyTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private WholeSystem _system = null!;

    public async Task InitializeAsync() =>
        _system = await WholeSystem.StartAsync(new Dictionary<string, string> { ["ExpiringCards__Enabled"] = "true" });

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Customers_whose_card_expires_before_the_renewal_are_reminded_once_and_a_card_extended_in_time_is_a_failure_prevented()
    {
        var stripe = _system.Stripe;
        var clock = await new TestClockService(stripe).CreateAsync(new TestClockCreateOptions { FrozenTime = DateTime.UtcNow });
        var (extends, extendsCard, subscription) = await ExpiringSubscriberAsync(clock);
        var (ignores, _, _) = await ExpiringSubscriberAsync(clock);
        var renewsAt = subscription.Items.Data.Min(i => i.CurrentPeriodEnd);

        await AdvanceAsync(clock.Id, renewsAt.AddDays(-13));

        var reminder = Assert.Single(await Maildev.WaitForAsync(extends.Email, 1, Timeout, () => _system.Logs));
        Assert.Equal("Your Visa •••• 4242 expires before your next payment", reminder.Subject);
        Assert.Single(await Maildev.WaitForAsync(ignores.Email, 1, Timeout, () => _system.Logs));

        await new PaymentMethodService(stripe).UpdateAsync(extendsCard, new PaymentMethodUpdateOptions
        {
            Card = new PaymentMethodCardOptions { ExpMonth = 12, ExpYear = clock.FrozenTime.Year + 4 },
        });
        await AdvanceAsync(clock.Id, renewsAt.AddHours(2));

        await Eventually.HoldsAsync(async () => await _system.Database.CountAsync(
            $"SELECT count(*) FROM notification.card_reminders WHERE customer_id = '{extends.Id}' AND replaced_at IS NOT NULL") == 1,
            Timeout, () => $"the card extended before the renewal is a failure prevented\n{_system.Logs}");
        Assert.Equal(0, await _system.Database.CountAsync(
            $"SELECT count(*) FROM notification.card_reminders WHERE customer_id = '{ignores.Id}' AND replaced_at IS NOT NULL"));
        Assert.Single(await Maildev.ForAsync(extends.Email)); // the renewal's own subscription.updated plans the next period, no second reminder
        Assert.Single(await Maildev.ForAsync(ignores.Email));

        // Finance sees both next to recovered revenue, dated in the clock's time (the sandbox is Stripe's test mode).
        using var metrics = new HttpClient { BaseAddress = _system.Metrics.BaseAddress };
        metrics.DefaultRequestHeaders.Add("X-Api-Key", WholeSystem.ApiKey);
        var summary = $"/api/reports/summary?from={clock.FrozenTime:yyyy-MM-dd}&to={renewsAt.AddDays(1):yyyy-MM-dd}&mode=test&currency=usd";
        await Eventually.HoldsAsync(async () =>
        {
            var figures = await metrics.GetFromJsonAsync<JsonElement>(summary);
            return (figures.GetProperty("expiringCardRemindersSent").GetInt32(), figures.GetProperty("failuresPrevented").GetInt32()) == (2, 1);
        }, Timeout, () => $"the summary counts 2 reminders and 1 failure prevented\n{_system.Logs}");
    }

    /// <summary>A customer on the clock whose Visa card expires at the end of the clock's month, with a monthly subscription on it.</summary>
    private async Task<(Customer Customer, string CardId, Subscription Subscription)> ExpiringSubscriberAsync(TestClock clock)
    {
        var stripe = _system.Stripe;
        var customer = await new CustomerService(stripe).CreateAsync(new CustomerCreateOptions
        {
            Email = $"e2e-{Guid.NewGuid():N}@example.com", TestClock = clock.Id,
        });
        var card = await new PaymentMethodService(stripe).AttachAsync($"pm_card_visa__{Guid.NewGuid():N}",
            new PaymentMethodAttachOptions { Customer = customer.Id });
        await new PaymentMethodService(stripe).UpdateAsync(card.Id, new PaymentMethodUpdateOptions
        {
            Card = new PaymentMethodCardOptions { ExpMonth = clock.FrozenTime.Month, ExpYear = clock.FrozenTime.Year },
        });
        await new CustomerService(stripe).UpdateAsync(customer.Id, new CustomerUpdateOptions
        {
            InvoiceSettings = new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = card.Id },
        });
        var price = await new PriceService(stripe).CreateAsync(new PriceCreateOptions
        {
            Currency = "usd", UnitAmount = 2_900, Recurring = new PriceRecurringOptions { Interval = "month" },
            ProductData = new PriceProductDataOptions { Name = "Team" },
        });
        var subscription = await new SubscriptionService(stripe).CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price.Id }],
        });
        return (customer, card.Id, subscription);
    }

    private async Task AdvanceAsync(string clockId, DateTime to)
    {
        await new TestClockService(_system.Stripe).AdvanceAsync(clockId, new TestClockAdvanceOptions { FrozenTime = to });
        await Eventually.HoldsAsync(async () => await _system.Database.CountAsync(
            $"SELECT count(*) FROM notification.test_clocks WHERE clock_id = '{clockId}' AND frozen_time >= '{to:O}'") == 1,
            Timeout, () => $"the notification service took in the clock's move to {to:u}\n{_system.Logs}");
    }
}
