using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>
/// Every Stripe object the sandbox holds, by id, in creation order. All reads and writes happen
/// under <see cref="Gate"/>, so a request's state change and the events it emits are one step.
/// </summary>
public sealed class StripeStore
{
    private readonly Dictionary<string, JsonObject> _byId = new(StringComparer.Ordinal);
    private readonly List<JsonObject> _ordered = [];

    public object Gate { get; } = new();

    /// <summary>Sandbox-only facts about attached cards (which test card, how often charged).</summary>
    public Dictionary<string, AttachedCard> Cards { get; } = new(StringComparer.Ordinal);

    public JsonObject Add(JsonObject obj)
    {
        _byId.Add(obj.Str("id")!, obj);
        _ordered.Add(obj);
        return obj;
    }

    public JsonObject? Find(string? id) => id is not null && _byId.TryGetValue(id, out var o) ? o : null;

    /// <summary>The object with this id and Stripe object type, or Stripe's 404 resource_missing.</summary>
    public JsonObject Get(string objectType, string? id, string param = "id") =>
        Find(id) is { } o && o.Str("object") == objectType
            ? o
            : throw StripeApiException.Missing(objectType.Replace("test_helpers.", ""), id ?? "", param);

    public IEnumerable<JsonObject> All(string objectType) => _ordered.Where(o => o.Str("object") == objectType);
}
