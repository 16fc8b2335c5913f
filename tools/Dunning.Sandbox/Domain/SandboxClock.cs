using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>"Now" for an object: its test clock's frozen time, or the real time when it has none.</summary>
public sealed class SandboxClock(TimeProvider time, StripeStore store)
{
    public long RealNow() => time.GetUtcNow().ToUnixTimeSeconds();

    public long Now(string? testClockId) =>
        store.Find(testClockId) is { } clock ? clock.Long("frozen_time") : RealNow();

    public long NowFor(JsonObject obj) => Now(obj.RefId("test_clock"));
}
