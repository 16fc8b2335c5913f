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
}
