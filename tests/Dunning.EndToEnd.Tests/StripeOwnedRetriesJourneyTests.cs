using Dunning.Testing;
using Stripe;

namespace Dunning.EndToEnd.Tests;

/// <summary>
/// Stripe's own retries on (Smart Retries, "8 tries within 2 weeks" by default: docs.stripe.com, Smart Retries) and Dunning
/// with <c>RetryPolicy:RetryOwner=Stripe</c>: Dunning never calls pay, follows Stripe's <c>next_payment_attempt</c>, still
/// emails and still measures. Driven on a test clock, as Stripe's retries follow it. The sandbox spreads the tries evenly
/// (Stripe times them by machine learning, which no test can reproduce).
/// </summary>
public sealed class StripeOwnedRetriesJourneyTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private WholeSystem _system = null!;

    public async Task InitializeAsync() => _system = await WholeSystem.StartAsync(
        new Dictionary<string, string> { ["RetryPolicy__RetryOwner"] = "Stripe" },
        new Dictionary<string, string> { ["Sandbox__SmartRetries__Enabled"] = "true" });

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Stripe_retries_the_renewal_on_its_clock_while_dunning_emails_follows_and_records_the_recovery_without_a_pay_call()
    {
        var stripe = _system.Stripe;
        var clocks = new Stripe.TestHelpers.TestClockService(stripe);
        var clock = await clocks.CreateAsync(new Stripe.TestHelpers.TestClockCreateOptions { FrozenTime = DateTime.UtcNow });
        var email = $"e2e-{Guid.NewGuid():N}@example.com";
        var customer = await new CustomerService(stripe).CreateAsync(new CustomerCreateOptions { Email = email, TestClock = clock.Id });
        var firstCard = await new PaymentMethodService(stripe).AttachAsync("pm_card_visa", new PaymentMethodAttachOptions { Customer = customer.Id });
        await SetDefaultCardAsync(customer.Id, firstCard.Id);
        var price = await new PriceService(stripe).CreateAsync(new PriceCreateOptions
        {
            Currency = "usd", UnitAmount = 1_900, Recurring = new PriceRecurringOptions { Interval = "month" },
            ProductData = new PriceProductDataOptions { Name = "Solo" },
        });
        var subscription = await new SubscriptionService(stripe).CreateAsync(
            new SubscriptionCreateOptions { Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price.Id }] });
        // A card that declines twice (insufficient funds), then pays: the renewal and Stripe's first retry fail, its second pays.
        var renewalCard = await new PaymentMethodService(stripe).AttachAsync(
            $"pm_sandbox_recoverAfter2", new PaymentMethodAttachOptions { Customer = customer.Id });
        await SetDefaultCardAsync(customer.Id, renewalCard.Id);

        var renewalAt = clock.FrozenTime.AddMonths(1).AddHours(2);
        await clocks.AdvanceAsync(clock.Id, new Stripe.TestHelpers.TestClockAdvanceOptions { FrozenTime = renewalAt });
        var invoiceId = (await new SubscriptionService(stripe).GetAsync(subscription.Id)).LatestInvoiceId;
        var invoice = await new InvoiceService(stripe).GetAsync(invoiceId);
        Assert.Equal("open", invoice.Status);
        Assert.NotNull(invoice.NextPaymentAttempt);
        await Eventually.HoldsAsync(async () => await ScalarAsync(
            "SELECT count(*) FROM scheduler.case_events e JOIN scheduler.cases c ON c.id = e.case_id "
            + $"WHERE c.invoice_id = '{invoiceId}' AND e.rule = 'stripe_smart_retries'") != "0",
            Timeout, () => $"Dunning follows Stripe's next attempt\n{_system.Logs}");
        Assert.Single(await Maildev.WaitForAsync(email, 1, Timeout, () => _system.Logs)); // the first-failure email

        // Stripe's first retry fails; Dunning records it on the case (and the card's budget) and follows the next one.
        await AdvanceToNextAttemptAsync(clocks, clock.Id, invoiceId);
        await Eventually.HoldsAsync(async () => await StripeAttemptsAsync(invoiceId) == "2", Timeout,
            () => $"Stripe's failed retry is on the case\n{_system.Logs}");
        // Its second retry pays.
        await AdvanceToNextAttemptAsync(clocks, clock.Id, invoiceId);

        Assert.Equal("paid", (await new InvoiceService(stripe).GetAsync(invoiceId)).Status);
        await Eventually.HoldsAsync(async () => await ScalarAsync($"SELECT outcome FROM metrics.ledger WHERE invoice_id = '{invoiceId}'") == "recovered",
            Timeout, () => $"the ledger records the recovery\n{_system.Logs}");
        Assert.DoesNotContain(await _system.Sandbox.PayCallsAsync(invoiceId), c => c.IdempotencyKey?.StartsWith("dunning:", StringComparison.Ordinal) == true);
    }

    private async Task AdvanceToNextAttemptAsync(Stripe.TestHelpers.TestClockService clocks, string clockId, string invoiceId)
    {
        var next = (await new InvoiceService(_system.Stripe).GetAsync(invoiceId)).NextPaymentAttempt!.Value;
        await clocks.AdvanceAsync(clockId, new Stripe.TestHelpers.TestClockAdvanceOptions { FrozenTime = next.AddMinutes(1) });
    }

    private Task<string?> StripeAttemptsAsync(string invoiceId) => ScalarAsync($"""
        SELECT count(*) FROM scheduler.case_events e JOIN scheduler.cases c ON c.id = e.case_id
        WHERE c.invoice_id = '{invoiceId}' AND e.kind = 'attempt' AND e.attempt_source = 'Stripe'
        """);

    private Task SetDefaultCardAsync(string customerId, string paymentMethodId) =>
        new CustomerService(_system.Stripe).UpdateAsync(customerId, new CustomerUpdateOptions
        {
            InvoiceSettings = new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = paymentMethodId },
        });

    private async Task<string?> ScalarAsync(string sql)
    {
        await using var command = _system.Database.DataSource.CreateCommand(sql);
        try { return (await command.ExecuteScalarAsync())?.ToString(); }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P01") { return null; }
    }
}
