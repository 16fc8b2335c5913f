using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>Stripe's list envelope with limit / starting_after / ending_before paging, newest first.</summary>
public static class StripeList
{
    public static JsonObject Page(IEnumerable<JsonObject> oldestFirst, StripeParams p, string url)
    {
        var limit = (int)Math.Clamp(p.Long("limit") ?? 10, 1, 100);
        var items = oldestFirst.Reverse().ToList();
        if (p.Get("starting_after") is { } after)
        {
            items = items.SkipWhile(o => o.Str("id") != after).Skip(1).ToList();
        }
        else if (p.Get("ending_before") is { } before)
        {
            items = items.TakeWhile(o => o.Str("id") != before).TakeLast(limit).ToList();
        }
        var page = items.Take(limit).Select(o => (JsonNode)o.DeepClone()).ToArray();
        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(page),
            ["has_more"] = items.Count > limit,
            ["url"] = url,
        };
    }
}
