using System.Net;
using System.Net.Http.Json;
using Stripe;

namespace Dunning.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class FaultModeTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task Status429_mode_answers_rate_limited_with_retry_after_until_turned_off()
    {
        (await sandbox.Http.PostAsJsonAsync("/sandbox/faults", new { mode = "status429", durationSeconds = 60 })).EnsureSuccessStatusCode();
        try
        {
            var error = await Assert.ThrowsAsync<StripeException>(() => new CustomerService(sandbox.Stripe).CreateAsync(new CustomerCreateOptions()));
            Assert.Equal((HttpStatusCode)429, error.HttpStatusCode);
            Assert.Equal("rate_limit", error.StripeError.Code);
            using var raw = new HttpRequestMessage(HttpMethod.Get, "/v1/events");
            raw.Headers.Authorization = new("Bearer", "sk_test_x");
            var response = await sandbox.Http.SendAsync(raw);
            Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        }
        finally
        {
            (await sandbox.Http.PostAsJsonAsync("/sandbox/faults", new { mode = "none" })).EnsureSuccessStatusCode();
        }
        Assert.StartsWith("cus_", (await new CustomerService(sandbox.Stripe).CreateAsync(new CustomerCreateOptions())).Id);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.Http.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task LateAnswer_mode_charges_at_once_answers_too_late_and_the_same_key_then_gets_the_stored_answer()
    {
        var billing = new Billing(sandbox.Stripe);
        var customer = await billing.CustomerWithCardAsync("pm_sandbox_recoverAfter1");
        var subscription = await billing.SubscribeAsync(customer.Id); // its first charge declined
        var invoices = new InvoiceService(sandbox.Stripe);
        var options = new RequestOptions { IdempotencyKey = "late-" + subscription.LatestInvoiceId };

        (await sandbox.Http.PostAsJsonAsync("/sandbox/faults", new { mode = "lateAnswer", durationSeconds = 60, delayMs = 10_000 })).EnsureSuccessStatusCode();
        try
        {
            using var clientTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => invoices.PayAsync(subscription.LatestInvoiceId, null, options, clientTimeout.Token));
        }
        finally
        {
            (await sandbox.Http.PostAsJsonAsync("/sandbox/faults", new { mode = "none" })).EnsureSuccessStatusCode();
        }

        var calls = await sandbox.PayCallsAsync(subscription.LatestInvoiceId);
        Assert.Equal("succeeded", Assert.Single(calls).Outcome); // the unanswered call charged the card
        var retried = await invoices.PayAsync(subscription.LatestInvoiceId, null, options);
        Assert.Equal("paid", retried.Status);
        Assert.Single(await sandbox.PayCallsAsync(subscription.LatestInvoiceId)); // the retry with the same key charged nothing more
    }
}
