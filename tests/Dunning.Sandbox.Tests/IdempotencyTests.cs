using System.Net;
using System.Net.Http.Json;
using Stripe;

namespace Dunning.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
/// <summary>Source: docs.stripe.com/api/idempotent_requests and docs.stripe.com/idempotency (Stripe saves the status code and
/// body of the first request once the endpoint begins executing and replays it for the same key, 500 errors included; nothing
/// is saved when parameters fail validation or the request conflicts with one executing concurrently).</summary>
public sealed class IdempotencyTests(SandboxFixture sandbox)
{
    private readonly Billing _billing = new(sandbox.Stripe);

    [Fact]
    public async Task Same_key_twice_charges_once_and_answers_the_same()
    {
        var customer = await _billing.CustomerWithCardAsync("pm_card_chargeDeclinedInsufficientFunds");
        var subscription = await _billing.SubscribeAsync(customer.Id);
        var invoices = new InvoiceService(sandbox.Stripe);
        var options = new RequestOptions { IdempotencyKey = "case-1-attempt-1-" + subscription.LatestInvoiceId };

        var first = await Assert.ThrowsAsync<StripeException>(() => invoices.PayAsync(subscription.LatestInvoiceId, null, options));
        var second = await Assert.ThrowsAsync<StripeException>(() => invoices.PayAsync(subscription.LatestInvoiceId, null, options));

        Assert.Equal(first.StripeError.Charge, second.StripeError.Charge);
        Assert.Equal("insufficient_funds", second.StripeError.DeclineCode);
        Assert.Single(await sandbox.PayCallsAsync(subscription.LatestInvoiceId));
        var charges = await new ChargeService(sandbox.Stripe).ListAsync(new ChargeListOptions { Customer = customer.Id });
        Assert.Equal(2, charges.Data.Count); // the automatic first attempt and one pay call
        var invoice = await invoices.GetAsync(subscription.LatestInvoiceId);
        Assert.Equal(1, invoice.AttemptCount); // the automatic first attempt; the pay call after it does not count
    }

    [Fact]
    public async Task Same_key_with_other_parameters_is_an_idempotency_error()
    {
        var customer = await _billing.CustomerWithCardAsync("pm_card_chargeDeclined");
        var subscription = await _billing.SubscribeAsync(customer.Id);
        var invoices = new InvoiceService(sandbox.Stripe);
        var options = new RequestOptions { IdempotencyKey = "reused-" + subscription.LatestInvoiceId };
        await Assert.ThrowsAsync<StripeException>(() => invoices.PayAsync(subscription.LatestInvoiceId, null, options));

        var error = await Assert.ThrowsAsync<StripeException>(() =>
            invoices.PayAsync(subscription.LatestInvoiceId, new InvoicePayOptions { PaymentMethod = "pm_card_visa" }, options));

        Assert.Equal("idempotency_error", error.StripeError.Type);
        Assert.Equal("open", (await invoices.GetAsync(subscription.LatestInvoiceId)).Status);
    }

    [Fact]
    public async Task A_500_is_stored_under_its_key_and_replayed_after_the_fault_ends()
    {
        var customer = await _billing.CustomerWithCardAsync("pm_sandbox_recoverAfter1");
        var subscription = await _billing.SubscribeAsync(customer.Id); // its first charge declined
        var invoices = new InvoiceService(sandbox.Stripe);
        var options = new RequestOptions { IdempotencyKey = "server-error-" + subscription.LatestInvoiceId };

        (await sandbox.Http.PostAsJsonAsync("/sandbox/faults", new { mode = "status500", durationSeconds = 60 })).EnsureSuccessStatusCode();
        try
        {
            var first = await Assert.ThrowsAsync<StripeException>(() => invoices.PayAsync(subscription.LatestInvoiceId, null, options));
            Assert.Equal(HttpStatusCode.InternalServerError, first.HttpStatusCode);
        }
        finally
        {
            (await sandbox.Http.PostAsJsonAsync("/sandbox/faults", new { mode = "none" })).EnsureSuccessStatusCode();
        }

        var replayed = await Assert.ThrowsAsync<StripeException>(() => invoices.PayAsync(subscription.LatestInvoiceId, null, options));
        Assert.Equal(HttpStatusCode.InternalServerError, replayed.HttpStatusCode);
        Assert.Equal("true", replayed.StripeResponse.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Empty(await sandbox.PayCallsAsync(subscription.LatestInvoiceId)); // the 500 ran nothing, nor did its replay
        var paid = await invoices.PayAsync(
            subscription.LatestInvoiceId, null, new RequestOptions { IdempotencyKey = "server-error-new-key-" + subscription.LatestInvoiceId });
        Assert.Equal("paid", paid.Status);
    }

    [Fact]
    public async Task An_endpoints_400_is_stored_but_a_parameter_validation_400_is_not()
    {
        var customer = await _billing.CustomerWithCardAsync("pm_card_visa");
        var subscription = await _billing.SubscribeAsync(customer.Id); // paid at once
        var invoices = new InvoiceService(sandbox.Stripe);
        var paidKey = new RequestOptions { IdempotencyKey = "already-paid-" + subscription.LatestInvoiceId };
        await Assert.ThrowsAsync<StripeException>(() => invoices.PayAsync(subscription.LatestInvoiceId, null, paidKey));
        var again = await Assert.ThrowsAsync<StripeException>(() => invoices.PayAsync(subscription.LatestInvoiceId, null, paidKey));
        Assert.Equal("invoice_already_paid", again.StripeError.Code);
        Assert.Equal("true", again.StripeResponse.Headers.GetValues("Idempotent-Replayed").Single());

        var subscriptions = new SubscriptionService(sandbox.Stripe);
        var invalidKey = new RequestOptions { IdempotencyKey = "no-items-" + customer.Id };
        var options = new SubscriptionCreateOptions { Customer = customer.Id };
        await Assert.ThrowsAsync<StripeException>(() => subscriptions.CreateAsync(options, invalidKey));
        var invalid = await Assert.ThrowsAsync<StripeException>(() => subscriptions.CreateAsync(options, invalidKey));
        Assert.Equal("parameter_missing", invalid.StripeError.Code);
        Assert.False(invalid.StripeResponse.Headers.Contains("Idempotent-Replayed"));
    }
}
