using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>
/// Every Stripe object the sandbox holds, by id, and by object type in creation order. All reads and writes happen
/// under <see cref="Gate"/>, so a request's state change and the events it emits are one step.
/// Listing one type never walks the others: a renewal month holds tens of thousands of events, and a scan of
/// every object per renewal (or per pay call) was most of the sandbox's CPU under load.
/// </summary>
public sealed class StripeStore
{
    private readonly Dictionary<string, JsonObject> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JsonObject>> _byType = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JsonObject>> _paymentsByInvoice = new(StringComparer.Ordinal);

    public object Gate { get; } = new();

    /// <summary>Sandbox-only facts about attached cards (which test card, how often charged).</summary>
    public Dictionary<string, AttachedCard> Cards { get; } = new(StringComparer.Ordinal);

    /// <summary>Amounts paid out of band per invoice: Stripe shows <c>amount_paid_off_stripe</c> only when expanded, never in events.</summary>
    public Dictionary<string, long> PaidOffStripe { get; } = new(StringComparer.Ordinal);

    public JsonObject Add(JsonObject obj)
    {
        _byId.Add(obj.Str("id")!, obj);
        var type = obj.Str("object") ?? "";
        ListOf(_byType, type).Add(obj);
        // An invoice_payment's invoice is set when it is created and never changes.
        if (type == "invoice_payment") ListOf(_paymentsByInvoice, obj.Str("invoice") ?? "").Add(obj);
        return obj;
    }

    public JsonObject? Find(string? id) => id is not null && _byId.TryGetValue(id, out var o) ? o : null;

    /// <summary>The object with this id and Stripe object type, or Stripe's 404 resource_missing.</summary>
    public JsonObject Get(string objectType, string? id, string param = "id") =>
        Find(id) is { } o && o.Str("object") == objectType
            ? o
            : throw StripeApiException.Missing(objectType.Replace("test_helpers.", ""), id ?? "", param);

    /// <summary>Every object of this Stripe object type, in creation order.</summary>
    public IReadOnlyList<JsonObject> All(string objectType) => _byType.GetValueOrDefault(objectType) ?? [];

    /// <summary>The invoice_payment objects of one invoice, in creation order.</summary>
    public IReadOnlyList<JsonObject> PaymentsOf(string? invoiceId) =>
        invoiceId is not null && _paymentsByInvoice.TryGetValue(invoiceId, out var payments) ? payments : [];

    private static List<JsonObject> ListOf(Dictionary<string, List<JsonObject>> index, string key)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        return list;
    }
}
