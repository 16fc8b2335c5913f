using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

public static class JsonObjectExtensions
{
    public static string? Str(this JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A number field as long, whether it was set from a long or an int (or parsed).</summary>
    public static long Long(this JsonObject o, string key) => o[key] switch
    {
        JsonValue v when v.TryGetValue<long>(out var n) => n,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        _ => 0,
    };

    public static JsonObject Obj(this JsonObject o, string key) =>
        o[key] as JsonObject ?? throw new InvalidOperationException($"{o.Str("id")} has no object {key}");

    /// <summary>The id of an expandable field, whether it holds an id or an expanded object.</summary>
    public static string? RefId(this JsonObject o, string key) => o[key] switch
    {
        JsonObject expanded => expanded.Str("id"),
        JsonValue v when v.TryGetValue<string>(out var id) => id,
        _ => null,
    };

    /// <summary>Sets fields and returns their previous values, Stripe's <c>previous_attributes</c>.</summary>
    public static JsonObject Change(this JsonObject o, params (string Key, JsonNode? Value)[] changes)
    {
        var previous = new JsonObject();
        foreach (var (key, value) in changes)
        {
            var old = o[key];
            if (JsonNode.DeepEquals(old, value)) continue;
            previous[key] = old?.DeepClone();
            o[key] = value;
        }
        return previous;
    }
}
