using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>
/// Stripe's <c>expand[]</c>: replaces ids along dotted paths with the objects they name
/// ("latest_invoice", "data.customer", "payments.data.payment.payment_intent.latest_charge").
/// Includable fields exist only when expanded, as in Stripe: an invoice's <c>payments</c> and <c>amount_paid_off_stripe</c>
/// (the latter "isn't available in event payloads": Stripe changelog 2026-05-27.dahlia), and a charge's <c>refunds</c>
/// (not auto-expanded since API version 2022-11-15; the sandbox makes no refunds, so it is empty).
/// </summary>
public sealed class Expander(StripeStore store)
{
    public JsonNode Expand(JsonNode result, IReadOnlyList<string> paths)
    {
        if (paths.Count == 0 || result is not JsonObject obj) return result;
        var copy = (JsonObject)obj.DeepClone();
        foreach (var path in paths) Walk(copy, path.Split('.'));
        return copy;
    }

    private void Walk(JsonObject obj, ReadOnlySpan<string> path)
    {
        if (path.IsEmpty) return;
        var field = path[0];
        if (obj.Str("object") == "list" && field == "data")
        {
            foreach (var item in obj["data"]!.AsArray().OfType<JsonObject>()) Walk(item, path[1..]);
            return;
        }
        if (field == "payments" && obj.Str("object") == "invoice" && obj["payments"] is null) obj["payments"] = Payments(obj);
        if (field == "amount_paid_off_stripe" && obj.Str("object") == "invoice") obj[field] = store.PaidOffStripe.GetValueOrDefault(obj.Str("id")!);
        if (field == "refunds" && obj.Str("object") == "charge" && obj["refunds"] is null)
        {
            obj["refunds"] = List([], $"/v1/charges/{obj.Str("id")}/refunds");
        }
        if (obj[field] is JsonValue value && value.TryGetValue<string>(out var id) && store.Find(id) is { } found)
        {
            obj[field] = found.DeepClone();
        }
        if (obj[field] is JsonObject child) Walk(child, path[1..]);
    }

    private JsonObject Payments(JsonObject invoice) =>
        List(store.PaymentsOf(invoice.Str("id")).Select(p => (JsonNode)p.DeepClone()).ToArray(), $"/v1/invoice_payments?invoice={invoice.Str("id")}");

    private static JsonObject List(JsonNode[] items, string url) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(items),
        ["has_more"] = false,
        ["url"] = url,
    };
}
