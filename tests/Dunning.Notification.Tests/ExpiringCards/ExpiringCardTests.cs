using Dunning.Contracts;
using Dunning.Notification.Tests.Support;
using Dunning.Testing;
using Stripe;

namespace Dunning.Notification.Tests.ExpiringCards;

/// <summary>
/// Expiring-card reminders against the Stripe sandbox, SMTP and PostgreSQL, on a test clock the service is told about (as Stripe's
/// test_helpers.test_clock.* events tell it). Written from Stripe's documentation: the renewal charges the subscription's
/// <c>default_payment_method</c>, else the customer's <c>invoice_settings.default_payment_method</c> (Stripe.net
/// <c>Subscription.DefaultPaymentMethod</c>); a card's expiry is changed by "Update a PaymentMethod" (<c>card[exp_month]</c>,
/// <c>card[exp_year]</c>) or by the card updater (<c>payment_method.automatically_updated</c>). Not confirmed from Stripe: the
/// time zone of a card's expiry; Dunning takes the month's end in UTC.
/// </summary>
public sealed class ExpiringCardTests(ExpiringCardNotificationService service) : IClassFixture<ExpiringCardNotificationService>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_card_expiring_before_the_renewal_gets_one_reminder_in_the_customers_language_under_redelivery()
    {
        var (subscriber, renewal) = await ExpiringSubscriberAsync(["nl-NL"]);
        var second = await SecondSubscriptionOnTheSameCardAsync(subscriber, renewal.TestClockId!);

        await service.PublishAsync(renewal);
        await service.PublishAsync(renewal); // redelivered
        await service.PublishAsync(renewal with { SourceEventId = $"evt_{Guid.NewGuid():N}" }); // another event about the same period
        await service.PublishAsync(second);
        await AdvanceAsync(renewal.TestClockId!, renewal.RenewsAt - ExpiringCardNotificationService.RemindBefore);

        var email = Assert.Single(await Maildev.WaitForAsync(subscriber.Email, 1, Wait));
        Assert.Equal($"Je Visa •••• 4242 verloopt vóór je volgende betaling", email.Subject);
        Assert.Contains($"{DateTime.UtcNow:MM}/{DateTime.UtcNow:yy}", email.Text);
        Assert.Contains("/portal/bps_", email.Text); // a billing-portal session, where the customer adds a card
        Assert.Contains("unsubscribe?token=", email.Text);
        await AdvanceAsync(renewal.TestClockId!, renewal.RenewsAt - TimeSpan.FromDays(1)); // nothing runs twice as the clock moves on
        Assert.Single(await Maildev.ForAsync(subscriber.Email));
        Assert.Equal(1, await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.card_reminders WHERE customer_id = '{subscriber.CustomerId}' AND maybe_sent = false"));
        Assert.Equal(1, await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.outbox WHERE message_type LIKE '%ExpiringCardReminded' AND body->>'customerId' = '{subscriber.CustomerId}'"));
    }

    [Fact]
    public async Task A_card_replaced_by_a_new_default_before_the_reminder_is_due_gets_none()
    {
        var (subscriber, renewal) = await ExpiringSubscriberAsync();
        await service.PublishAsync(renewal);
        var fresh = await new PaymentMethodService(service.Sandbox.Stripe).AttachAsync($"pm_card_mastercard__{Guid.NewGuid():N}",
            new PaymentMethodAttachOptions { Customer = subscriber.CustomerId });
        await new CustomerService(service.Sandbox.Stripe).UpdateAsync(subscriber.CustomerId, new CustomerUpdateOptions
        {
            InvoiceSettings = new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = fresh.Id },
        });

        await AssertTheDueJobRemindsOfNothingAsync(subscriber, renewal);
    }

    [Fact]
    public async Task A_card_the_card_updater_extends_before_the_reminder_is_due_gets_none()
    {
        var (subscriber, renewal) = await ExpiringSubscriberAsync();
        await service.PublishAsync(renewal);
        using var sandbox = new HttpClient { BaseAddress = new Uri(service.Sandbox.ApiBase) };
        var reissue = $"/sandbox/card_updater/{subscriber.PaymentMethodId}?exp_month=12&exp_year={DateTime.UtcNow.Year + 4}";
        (await sandbox.PostAsync(reissue, null)).EnsureSuccessStatusCode();

        await AssertTheDueJobRemindsOfNothingAsync(subscriber, renewal);
    }

    [Fact]
    public async Task A_suppressed_address_gets_no_reminder()
    {
        var (subscriber, renewal) = await ExpiringSubscriberAsync();
        using var api = service.CreateApiClient();
        (await api.SupportAsync("/api/suppressions", subscriber.Email, "asked by phone, ticket 9")).EnsureSuccessStatusCode();
        await service.PublishAsync(renewal);

        await AssertTheDueJobRemindsOfNothingAsync(subscriber, renewal);
    }

    [Fact]
    public async Task A_card_extended_after_the_reminder_and_before_the_renewal_is_a_failure_prevented_and_one_left_alone_is_not()
    {
        var (replacing, replacingRenewal) = await ExpiringSubscriberAsync();
        var (ignoring, ignoringRenewal) = await ExpiringSubscriberAsync();
        var clock = replacingRenewal.TestClockId!;
        await service.PublishAsync(replacingRenewal);
        await service.PublishAsync(ignoringRenewal with { TestClockId = clock });
        // The two subscriptions started a moment apart (a second or more on a loaded machine): both reminders must be due.
        await AdvanceAsync(clock, Later(replacingRenewal.RenewsAt, ignoringRenewal.RenewsAt) - ExpiringCardNotificationService.RemindBefore);
        await Maildev.WaitForAsync(replacing.Email, 1, Wait);
        await Maildev.WaitForAsync(ignoring.Email, 1, Wait);

        await new PaymentMethodService(service.Sandbox.Stripe).UpdateAsync(replacing.PaymentMethodId, new PaymentMethodUpdateOptions
        {
            Card = new PaymentMethodCardOptions { ExpMonth = 11, ExpYear = DateTime.UtcNow.Year + 5 },
        });
        await AdvanceAsync(clock, Later(replacingRenewal.RenewsAt, ignoringRenewal.RenewsAt));

        Assert.Equal(1, await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.card_reminders WHERE customer_id = '{replacing.CustomerId}' AND replaced_at IS NOT NULL"));
        Assert.Equal(1, await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.outbox WHERE message_type LIKE '%ExpiringCardReplaced' AND body->>'customerId' = '{replacing.CustomerId}'"));
        Assert.Equal(0, await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.card_reminders WHERE customer_id = '{ignoring.CustomerId}' AND replaced_at IS NOT NULL"));
    }

    /// <summary>
    /// A customer with a Visa card expiring at the end of this month, and a monthly subscription renewing next month (the sandbox
    /// starts it now); the renewal as the webhook service publishes it, on a test clock that stands at the subscription's start.
    /// </summary>
    private async Task<(SandboxSubscriber Subscriber, SubscriptionRenewalPlanned Renewal)> ExpiringSubscriberAsync(string[]? locales = null)
    {
        var stripe = service.Sandbox.Stripe;
        var subscriber = await SandboxSubscriber.SignUpAsync(stripe, "pm_card_visa", preferredLocales: locales);
        var now = DateTime.UtcNow;
        await new PaymentMethodService(stripe).UpdateAsync(subscriber.PaymentMethodId, new PaymentMethodUpdateOptions
        {
            Card = new PaymentMethodCardOptions { ExpMonth = now.Month, ExpYear = now.Year },
        });
        var subscription = await new SubscriptionService(stripe).GetAsync(subscriber.SubscriptionId);
        var renewsAt = new DateTimeOffset(subscription.Items.Data.Min(i => i.CurrentPeriodEnd), TimeSpan.Zero);
        var start = new DateTimeOffset(subscription.StartDate, TimeSpan.Zero);
        return (subscriber, new SubscriptionRenewalPlanned($"evt_{Guid.NewGuid():N}", subscriber.SubscriptionId, subscriber.CustomerId, renewsAt,
            $"clock_{Guid.NewGuid():N}", start, Livemode: false));
    }

    private async Task<SubscriptionRenewalPlanned> SecondSubscriptionOnTheSameCardAsync(SandboxSubscriber subscriber, string clock)
    {
        var subscription = await new SubscriptionService(service.Sandbox.Stripe).CreateAsync(new SubscriptionCreateOptions
        {
            Customer = subscriber.CustomerId, Items = [new SubscriptionItemOptions { Price = subscriber.PriceId }],
        });
        var renewsAt = new DateTimeOffset(subscription.Items.Data.Min(i => i.CurrentPeriodEnd), TimeSpan.Zero);
        return new SubscriptionRenewalPlanned($"evt_{Guid.NewGuid():N}", subscription.Id, subscriber.CustomerId, renewsAt, clock,
            new DateTimeOffset(subscription.StartDate, TimeSpan.Zero), Livemode: false);
    }

    /// <summary>
    /// The reminder's job is planned, the clock reaches its time and it runs (so a test that expects no email knows the job ran,
    /// and did not just never exist): no email, no reminder recorded.
    /// </summary>
    private async Task AssertTheDueJobRemindsOfNothingAsync(SandboxSubscriber subscriber, SubscriptionRenewalPlanned renewal)
    {
        await PlannedAsync(renewal);
        await AdvanceAsync(renewal.TestClockId!, renewal.RenewsAt - ExpiringCardNotificationService.RemindBefore);

        Assert.Equal(0, await JobsAsync(renewal));
        Assert.Empty(await Maildev.ForAsync(subscriber.Email));
        Assert.Equal(0, await RemindersAsync(subscriber));
    }

    /// <summary>Waits until the reminder's job is planned, so a test that expects no email knows the job ran (and did not just never exist).</summary>
    private Task PlannedAsync(SubscriptionRenewalPlanned renewal) =>
        Eventually.HoldsAsync(async () => await JobsAsync(renewal) == 1, Wait, "the reminder's job is planned");

    private Task<long> JobsAsync(SubscriptionRenewalPlanned renewal) => service.Database.CountAsync(
        $"SELECT count(*) FROM notification.due_jobs WHERE job_key = 'expiring-card:{renewal.SubscriptionId}:{renewal.RenewsAt.ToUnixTimeSeconds()}'");

    private Task<long> RemindersAsync(SandboxSubscriber subscriber) =>
        service.Database.CountAsync($"SELECT count(*) FROM notification.card_reminders WHERE customer_id = '{subscriber.CustomerId}'");

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Stripe reports the clock's new time; returns once the service took it in and ran what it made due.</summary>
    private async Task AdvanceAsync(string clock, DateTimeOffset to)
    {
        await service.PublishAsync(new TestClockAdvanced($"evt_clock_{Guid.NewGuid():N}", clock, to));
        await Eventually.HoldsAsync(async () => await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.test_clocks WHERE clock_id = '{clock}' AND frozen_time >= '{to:O}'") == 1,
            Wait, $"the clock's move to {to:u} is taken in");
        await Eventually.HoldsAsync(async () => await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.due_jobs WHERE clock_id = '{clock}' AND due_at < 'infinity'") == 0, Wait, "what the clock made due has run");
    }
}
