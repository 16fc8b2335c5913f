using Dunning.Contracts;

namespace Dunning.BillingWebhook.Domain.Mapping;

/// <summary>
/// <c>test_helpers.test_clock.created</c>, <c>.advancing</c> and <c>.ready</c>: the clock's <c>frozen_time</c>. Every one is
/// published (clocks only move forward downstream), so its fact is the event's own.
/// </summary>
public static class TestClockEventMapper
{
    public static MappedEvent Map(StripeEvent e)
    {
        if (e.Object.String("id") is not { } clockId || e.Object.UnixTime("frozen_time") is not { } frozenTime)
            return MappedEvent.Nothing;
        return new([new Outgoing(new TestClockAdvanced(e.Id, clockId, frozenTime), clockId, $"test_clock:{e.Id}", false)]);
    }
}
