using System.Globalization;
using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>One invoice line for one subscription item over its current period.</summary>
public static class InvoiceLines
{
    public static JsonObject For(string invoiceId, JsonObject subscription, JsonObject item)
    {
        var price = item.Obj("price");
        var quantity = item.Long("quantity");
        var amount = price.Long("unit_amount") * quantity;
        var line = Fixtures.New("invoice_line_item");
        line["id"] = Ids.New("il");
        line["invoice"] = invoiceId;
        line["amount"] = amount;
        line["subtotal"] = amount;
        line["currency"] = price.Str("currency");
        line["quantity"] = quantity;
        line["description"] = $"{quantity} × {price.Str("nickname") ?? price.Str("product")} (at {Money(price)} / {price["recurring"]?["interval"]})";
        line["period"] = new JsonObject { ["start"] = item.Long("current_period_start"), ["end"] = item.Long("current_period_end") };
        var details = line["parent"]!["subscription_item_details"]!;
        details["subscription"] = subscription.Str("id");
        details["subscription_item"] = item.Str("id");
        line["pricing"]!["price_details"] = new JsonObject { ["price"] = price.Str("id"), ["product"] = price.Str("product") };
        line["pricing"]!["unit_amount_decimal"] = price.Str("unit_amount_decimal");
        return line;
    }

    private static string Money(JsonObject price) =>
        (price.Long("unit_amount") / 100m).ToString("0.00", CultureInfo.InvariantCulture) + " " + price.Str("currency")?.ToUpperInvariant();
}
