using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>
/// Stripe test clocks: frozen time for the customers on them; advancing runs what falls due in time order — renewals, and
/// in the Smart-Retries-like mode the automatic retries (renewals up to each retry's moment first, then the retry).
/// </summary>
public sealed class TestClocks(StripeStore store, SandboxClock clock, Renewals renewals, SmartRetries retries, InvoicePayer payer,
    EventPublisher events)
{
    public JsonObject Create(StripeParams p)
    {
        var frozen = p.Long("frozen_time")
            ?? throw StripeApiException.InvalidRequest("Missing required param: frozen_time.", "frozen_time", "parameter_missing");
        var testClock = Fixtures.New("test_clock");
        var now = clock.RealNow();
        testClock["id"] = Ids.New("clock");
        testClock["created"] = now;
        testClock["deletes_after"] = now + 30 * 86_400;
        testClock["frozen_time"] = frozen;
        testClock["name"] = p.Get("name");
        return store.Add(testClock);
    }

    /// <summary>
    /// Renewals and retries in time order, in windows no longer than the retry spacing: whatever fails inside a window is
    /// retried after it, so the retries due in a window are all known when it starts.
    /// </summary>
    private void RunWithRetries(JsonObject testClock, long target)
    {
        var id = testClock.Str("id");
        for (var from = testClock.Long("frozen_time"); from < target;)
        {
            var until = Math.Min(target, from + retries.Spacing);
            while (retries.NextDue(id, until) is { } due)
            {
                var at = due.Long("next_payment_attempt");
                renewals.RunUntil(testClock, at);
                testClock["frozen_time"] = at;
                payer.AttemptAutomatically(due);
            }
            renewals.RunUntil(testClock, until);
            from = until;
        }
    }

    public JsonObject Get(string id) => store.Get("test_helpers.test_clock", id);

    public JsonObject Advance(string id, StripeParams p)
    {
        var testClock = Get(id);
        var target = p.Long("frozen_time")
            ?? throw StripeApiException.InvalidRequest("Missing required param: frozen_time.", "frozen_time", "parameter_missing");
        if (target <= testClock.Long("frozen_time"))
        {
            throw StripeApiException.InvalidRequest("The test clock can only be advanced to a time after its current frozen_time.", "frozen_time");
        }
        if (retries.Enabled) RunWithRetries(testClock, target);
        else renewals.RunUntil(testClock, target);
        testClock["frozen_time"] = target;
        testClock["status"] = "ready";
        events.Emit("test_helpers.test_clock.ready", testClock, target);
        return testClock;
    }
}
