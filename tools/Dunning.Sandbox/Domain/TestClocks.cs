using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>Stripe test clocks: frozen time for the customers on them; advancing runs what falls due.</summary>
public sealed class TestClocks(StripeStore store, SandboxClock clock, Renewals renewals, EventPublisher events)
{
    public JsonObject Create(StripeParams p)
    {
        var frozen = p.Long("frozen_time") ?? throw StripeApiException.InvalidRequest("Missing required param: frozen_time.", "frozen_time", "parameter_missing");
        var testClock = Fixtures.New("test_clock");
        var now = clock.RealNow();
        testClock["id"] = Ids.New("clock");
        testClock["created"] = now;
        testClock["deletes_after"] = now + 30 * 86_400;
        testClock["frozen_time"] = frozen;
        testClock["name"] = p.Get("name");
        return store.Add(testClock);
    }

    public JsonObject Get(string id) => store.Get("test_helpers.test_clock", id);

    public JsonObject Advance(string id, StripeParams p)
    {
        var testClock = Get(id);
        var target = p.Long("frozen_time") ?? throw StripeApiException.InvalidRequest("Missing required param: frozen_time.", "frozen_time", "parameter_missing");
        if (target <= testClock.Long("frozen_time"))
        {
            throw StripeApiException.InvalidRequest("The test clock can only be advanced to a time after its current frozen_time.", "frozen_time");
        }
        renewals.RunUntil(testClock, target);
        testClock["frozen_time"] = target;
        testClock["status"] = "ready";
        events.Emit("test_helpers.test_clock.ready", testClock, target);
        return testClock;
    }
}
