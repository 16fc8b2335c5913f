using System.Text.Json;

namespace Dunning.BillingWebhook.Domain;

/// <summary>Null-tolerant reads of Stripe JSON: a missing or null field is null, an expanded object yields its id.</summary>
public static class JsonElementExtensions
{
    public static string? String(this JsonElement element, params string[] path)
    {
        var node = element.At(path);
        return node?.ValueKind switch
        {
            JsonValueKind.String => node.Value.GetString(),
            JsonValueKind.Object => node.Value.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
            JsonValueKind.Number => node.Value.GetRawText(),
            _ => null,
        };
    }

    public static long? Long(this JsonElement element, params string[] path) =>
        element.At(path) is { ValueKind: JsonValueKind.Number } node && node.TryGetInt64(out var value) ? value : null;

    public static DateTimeOffset? UnixTime(this JsonElement element, params string[] path) =>
        element.Long(path) is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>Stripe's <c>livemode</c>; an object without it is taken as live, so nothing real is ever hidden as test data.</summary>
    public static bool Livemode(this JsonElement stripeObject) => stripeObject.At("livemode")?.ValueKind != JsonValueKind.False;

    public static JsonElement? At(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                return null;
        }
        return current.ValueKind == JsonValueKind.Null ? null : current;
    }
}
