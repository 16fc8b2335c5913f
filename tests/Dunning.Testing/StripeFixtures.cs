using System.Text.Json.Nodes;

namespace Dunning.Testing;

/// <summary>
/// Stripe's own example objects (stripe/openapi fixtures3.json, MIT): tests take a resource and override
/// the fields a scenario needs, so payloads have Stripe's real shape.
/// </summary>
public static class StripeFixtures
{
    private static readonly Lazy<JsonObject> Resources = new(Load);

    /// <summary>A fresh, mutable copy of a resource, e.g. <c>Resource("invoice")</c>.</summary>
    public static JsonObject Resource(string name) =>
        (JsonObject)(Resources.Value[name] ?? throw new ArgumentException($"No fixture named {name}")).DeepClone();

    /// <summary>An event envelope around <paramref name="dataObject"/>.</summary>
    public static JsonObject Event(string id, string type, JsonObject dataObject, DateTimeOffset created, JsonObject? previousAttributes = null)
    {
        var envelope = Resource("event");
        envelope["id"] = id;
        envelope["type"] = type;
        envelope["created"] = created.ToUnixTimeSeconds();
        envelope["api_version"] = "2026-10-28.endive";
        var data = new JsonObject { ["object"] = dataObject };
        if (previousAttributes is not null) data["previous_attributes"] = previousAttributes;
        envelope["data"] = data;
        return envelope;
    }

    private static JsonObject Load()
    {
        using var stream = typeof(StripeFixtures).Assembly.GetManifestResourceStream("stripe-fixtures3.json")
            ?? throw new InvalidOperationException("stripe-fixtures3.json is not embedded");
        var root = JsonNode.Parse(stream)!.AsObject();
        return root["resources"]!.AsObject();
    }
}
