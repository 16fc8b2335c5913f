using Dunning.Lab.History;
using Dunning.Testing;
using Stripe;
using TestClockAdvanceOptions = Stripe.TestHelpers.TestClockAdvanceOptions;
using TestClockCreateOptions = Stripe.TestHelpers.TestClockCreateOptions;
using TestClockService = Stripe.TestHelpers.TestClockService;

namespace Dunning.PolicyLab.Tests.Import;

/// <summary>What the history should say about one invoice the scenario made.</summary>
public sealed record ExpectedInvoice(string InvoiceId, long AmountMinor, DeclineCategory?[] Attempts, long? RecoveredAmount,
    TimeSpan[] AttemptOffsets);

/// <summary>
/// Failed invoices made on a sandbox the way a Stripe account gets them: a subscription's first charge declines on a test card, the
/// business retries (pay calls) days later on a test clock, the customer pays on the hosted page with a new card. Three fail within
/// the last 30 days (found through events), one failed 60 days ago (found through the invoice list), and two are paid at once, which
/// the history must leave out.
/// </summary>
public sealed class FailedInvoiceScenario(SandboxProcess sandbox)
{
    private readonly IStripeClient _stripe = sandbox.Stripe;

    public async Task<IReadOnlyList<ExpectedInvoice>> MakeAsync()
    {
        var recent = DateTime.UtcNow.Date.AddDays(-5).AddHours(9);
        var old = DateTime.UtcNow.Date.AddDays(-60).AddHours(9);
        const DeclineCategory funds = DeclineCategory.InsufficientFunds;
        var day = TimeSpan.FromDays(1);

        // Insufficient funds twice, paid by the business's second retry.
        var (retried, retriedClock) = await FailingInvoiceAsync("pm_sandbox_recoverAfter2", recent, 1900);
        await AdvanceAsync(retriedClock, recent + day);
        await Assert.ThrowsAsync<StripeException>(() => new InvoiceService(_stripe).PayAsync(retried));
        await AdvanceAsync(retriedClock, recent + 2 * day);
        await new InvoiceService(_stripe).PayAsync(retried);

        // A lost card (hard), then the customer pays with a new card on the hosted page.
        var (lostCard, lostCardClock) = await FailingInvoiceAsync("pm_card_chargeDeclinedLostCard", recent, 900);
        await AdvanceAsync(lostCardClock, recent + 3 * day);
        var hosted = await new InvoiceService(_stripe).GetAsync(lostCard);
        Assert.Equal("succeeded", await sandbox.PayOnHostedPageAsync(hosted.HostedInvoiceUrl, "pm_card_visa"));

        // A generic decline, retried once in vain. Made last, its two failures head the event list (newest first): an import
        // stopped after the first must know, when it resumes, that the second names an invoice it already wrote.
        var (unpaid, unpaidClock) = await FailingInvoiceAsync("pm_card_chargeDeclined", recent, 2500);
        await AdvanceAsync(unpaidClock, recent + day);
        await Assert.ThrowsAsync<StripeException>(() => new InvoiceService(_stripe).PayAsync(unpaid));

        // Sixty days ago: older than Stripe's events.
        var (older, olderClock) = await FailingInvoiceAsync("pm_sandbox_recoverAfter1", old, 4900);
        await AdvanceAsync(olderClock, old + 3 * day);
        await new InvoiceService(_stripe).PayAsync(older);

        // Paid at the first attempt: not failures.
        await InvoiceAsync("pm_card_visa", recent, 1500);
        await InvoiceAsync("pm_card_visa", old, 1500);

        return
        [
            new(retried, 1900, [funds, funds, null], 1900, [TimeSpan.Zero, day, 2 * day]),
            new(unpaid, 2500, [DeclineCategory.Soft, DeclineCategory.Soft], null, [TimeSpan.Zero, day]),
            new(lostCard, 900, [DeclineCategory.Hard, null], 900, [TimeSpan.Zero, 3 * day]),
            new(older, 4900, [funds, null], 4900, [TimeSpan.Zero, 3 * day]),
        ];
    }

    /// <summary>A subscription whose first, automatic charge declines: its invoice and the customer's test clock.</summary>
    private async Task<(string InvoiceId, string ClockId)> FailingInvoiceAsync(string card, DateTime at, long amount)
    {
        var (invoice, clock) = await InvoiceAsync(card, at, amount);
        Assert.Equal("open", (await new InvoiceService(_stripe).GetAsync(invoice)).Status);
        return (invoice, clock);
    }

    private async Task<(string InvoiceId, string ClockId)> InvoiceAsync(string card, DateTime at, long amount)
    {
        var clock = await new TestClockService(_stripe).CreateAsync(new TestClockCreateOptions { FrozenTime = at });
        var customer = await new CustomerService(_stripe).CreateAsync(new CustomerCreateOptions { Email = "lab@example.com", TestClock = clock.Id });
        var method = await new PaymentMethodService(_stripe).AttachAsync(card, new PaymentMethodAttachOptions { Customer = customer.Id });
        await new CustomerService(_stripe).UpdateAsync(customer.Id, new CustomerUpdateOptions
        {
            InvoiceSettings = new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = method.Id },
        });
        var price = await new PriceService(_stripe).CreateAsync(new PriceCreateOptions
        {
            Currency = "usd", UnitAmount = amount, Recurring = new PriceRecurringOptions { Interval = "month" },
            ProductData = new PriceProductDataOptions { Name = "Lab" },
        });
        var subscription = await new SubscriptionService(_stripe).CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price.Id }],
        });
        return (subscription.LatestInvoiceId, clock.Id);
    }

    private Task AdvanceAsync(string clockId, DateTime to) =>
        new TestClockService(_stripe).AdvanceAsync(clockId, new TestClockAdvanceOptions { FrozenTime = to });
}
