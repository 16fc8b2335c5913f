using Dunning.Testing;
using Stripe;

namespace Dunning.Sandbox.Tests;

/// <summary>A sandbox whose chaos setting sends every webhook twice.</summary>
public sealed class DuplicatingSandboxFixture : SandboxFixture
{
    protected override IEnumerable<(string Key, string Value)> ExtraSettings => [("Sandbox:Chaos:DuplicateRate", "1")];
}

public sealed class ChaosTests(DuplicatingSandboxFixture sandbox) : IClassFixture<DuplicatingSandboxFixture>
{
    [Fact]
    public async Task Duplicate_rate_one_delivers_each_event_twice()
    {
        var customer = await new CustomerService(sandbox.Stripe).CreateAsync(new CustomerCreateOptions { Email = "twice@example.com" });

        await Eventually.HoldsAsync(
            () => sandbox.Receiver.Events.Count(e => e.Type == "customer.created" && ((Customer)e.Data.Object).Id == customer.Id) == 2,
            "two deliveries of customer.created");
        var ids = sandbox.Receiver.Events.Where(e => e.Type == "customer.created").Select(e => e.Id).Distinct();
        Assert.Single(ids);
    }
}
