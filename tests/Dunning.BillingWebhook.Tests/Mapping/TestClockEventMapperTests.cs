using System.Text.Json.Nodes;
using Dunning.BillingWebhook.Domain;
using Dunning.BillingWebhook.Tests.Support;
using Dunning.Contracts;

namespace Dunning.BillingWebhook.Tests.Mapping;

public sealed class TestClockEventMapperTests
{
    [Theory]
    [InlineData("test_helpers.test_clock.ready")]
    [InlineData("test_helpers.test_clock.advancing")]
    public void A_test_clock_event_tells_the_clocks_time_every_time(string type)
    {
        // Stripe's TestClock object (Stripe.net 53.1.0: id, frozen_time, status, ...).
        var clock = new JsonObject { ["id"] = "clock_1", ["object"] = "test_helpers.test_clock", ["frozen_time"] = 1_798_761_600, ["status"] = "ready" };

        var first = Assert.Single(new StripeEventMapper().Map(Events.Parse(Events.Envelope("evt_1", type, clock))).Messages);
        var second = Assert.Single(new StripeEventMapper().Map(Events.Parse(Events.Envelope("evt_2", type, (JsonObject)clock.DeepClone()))).Messages);

        var advanced = Assert.IsType<TestClockAdvanced>(first.Message);
        Assert.Equal(("clock_1", DateTimeOffset.FromUnixTimeSeconds(1_798_761_600)), (advanced.ClockId, advanced.FrozenTime));
        Assert.NotEqual(first.Fact, second.Fact);
        Assert.False(first.Once);
    }
}
