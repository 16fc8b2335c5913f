using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>
/// Stripe's own example objects (stripe/openapi fixtures3.json, trimmed to realistic defaults),
/// embedded under Fixtures/. Every object the sandbox answers with starts as a copy of one of these.
/// </summary>
public static class Fixtures
{
    private static readonly ConcurrentDictionary<string, JsonObject> Cache = new();

    public static JsonObject New(string name) => (JsonObject)Cache.GetOrAdd(name, Load).DeepClone();

    private static JsonObject Load(string name)
    {
        using var stream = typeof(Fixtures).Assembly.GetManifestResourceStream($"Fixtures.{name}.json")
            ?? throw new InvalidOperationException($"No fixture named {name}");
        return JsonNode.Parse(stream)!.AsObject();
    }
}
