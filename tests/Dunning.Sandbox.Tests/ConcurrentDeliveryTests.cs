using Dunning.Testing;
using Stripe;

namespace Dunning.Sandbox.Tests;

/// <summary>A sandbox that keeps up to four deliveries in flight per endpoint.</summary>
public sealed class ConcurrentSandboxFixture : SandboxFixture
{
    public const int Concurrency = 4;

    protected override IEnumerable<(string Key, string Value)> ExtraSettings => [("Sandbox:Webhooks:Concurrency", Concurrency.ToString())];
}

/// <summary>Source: docs.stripe.com/webhooks, "Event ordering" (Stripe doesn't guarantee delivery of events in the order in
/// which they're generated) and its automatic retries, which deliver several events at once.</summary>
public sealed class ConcurrentDeliveryTests(ConcurrentSandboxFixture sandbox) : IClassFixture<ConcurrentSandboxFixture>
{
    [Fact]
    public async Task Concurrency_setting_keeps_that_many_deliveries_in_flight_and_no_more_when_the_endpoint_is_slow()
    {
        var slowEndpoint = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sandbox.Receiver.Hold = slowEndpoint;
        var customers = new CustomerService(sandbox.Stripe);
        List<string> ids = [];
        for (var i = 0; i < ConcurrentSandboxFixture.Concurrency + 3; i++)
        {
            ids.Add((await customers.CreateAsync(new CustomerCreateOptions { Email = $"concurrent{i}@example.com" })).Id);
        }

        await Eventually.HoldsAsync(() => sandbox.Receiver.InFlight == ConcurrentSandboxFixture.Concurrency,
            $"{ConcurrentSandboxFixture.Concurrency} deliveries waiting at the slow endpoint at once");
        slowEndpoint.SetResult();

        await Eventually.HoldsAsync(
            () => ids.All(id => sandbox.Receiver.Events.Any(e => e.Type == "customer.created" && ((Customer)e.Data.Object).Id == id)),
            "customer.created of every customer delivered");
        Assert.Equal(ConcurrentSandboxFixture.Concurrency, sandbox.Receiver.MostInFlight);
    }
}
