using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>Stripe's metadata rules: <c>metadata[k]=v</c> sets a key, an empty value removes it.</summary>
public static class Metadata
{
    public static JsonObject Merge(JsonObject? current, StripeParams p)
    {
        var result = (JsonObject?)current?.DeepClone() ?? new JsonObject();
        foreach (var (key, value) in p.Map("metadata"))
        {
            if (value.Length == 0) result.Remove(key);
            else result[key] = value;
        }
        return result;
    }
}
