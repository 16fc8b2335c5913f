using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>Recurring prices, created directly or inline from a subscription item's price_data.</summary>
public sealed class Prices(StripeStore store, SandboxClock clock)
{
    public JsonObject Create(StripeParams p, string prefix = "")
    {
        string K(string name) => Key(prefix, name);
        var price = Fixtures.New("price");
        var amount = p.Long(K("unit_amount"))
            ?? throw StripeApiException.InvalidRequest("Missing required param: unit_amount.", K("unit_amount"), "parameter_missing");
        var interval = p.Get(K("recurring[interval]"));
        if (interval is not (null or "day" or "week" or "month" or "year"))
        {
            throw StripeApiException.InvalidRequest($"Invalid recurring[interval]: {interval}", K("recurring[interval]"));
        }
        price["id"] = Ids.New("price");
        price["created"] = clock.RealNow();
        price["currency"] = p.Required(K("currency")).ToLowerInvariant();
        price["unit_amount"] = amount;
        price["unit_amount_decimal"] = amount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        price["product"] = p.Get(K("product")) ?? Ids.New("prod", 14);
        price["nickname"] = p.Get(K("nickname")) ?? p.Get(K("product_data[name]"));
        price["type"] = interval is null ? "one_time" : "recurring";
        price["recurring"] = interval is null ? null : new JsonObject
        {
            ["interval"] = interval,
            ["interval_count"] = p.Long(K("recurring[interval_count]")) ?? 1,
            ["meter"] = null,
            ["usage_type"] = "licensed",
            ["trial_period_days"] = null,
        };
        return store.Add(price);
    }

    /// <summary>"recurring[interval]" under prefix "price_data" → "price_data[recurring][interval]".</summary>
    private static string Key(string prefix, string name)
    {
        if (prefix.Length == 0) return name;
        var bracket = name.IndexOf('[');
        return bracket < 0 ? $"{prefix}[{name}]" : $"{prefix}[{name[..bracket]}]{name[bracket..]}";
    }

    public JsonObject Get(string id) => store.Get("price", id, "price");
}
