using Dunning.Sandbox.Domain;

namespace Dunning.Sandbox.Tests;

public sealed class StripeParamsTests
{
    private static StripeParams Parse(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)).ToList());

    [Fact]
    public void Reads_nested_keys_lists_and_indexed_objects()
    {
        var p = Parse(
            ("invoice_settings[default_payment_method]", "pm_1"),
            ("expand[]", "latest_invoice"), ("expand[]", "customer"),
            ("items[1][price]", "price_b"), ("items[0][price_data][recurring][interval]", "month"), ("items[0][quantity]", "2"));

        Assert.Equal("pm_1", p.Get("invoice_settings[default_payment_method]"));
        Assert.Equal(["latest_invoice", "customer"], p.List("expand"));
        var items = p.Objects("items");
        Assert.Equal(2, items.Count);
        Assert.Equal("month", items[0].Get("price_data[recurring][interval]"));
        Assert.Equal(2, items[0].Long("quantity"));
        Assert.Equal("price_b", items[1].Get("price"));
    }

    [Fact]
    public void Fingerprint_ignores_parameter_order_but_not_values()
    {
        Assert.Equal(Parse(("a", "1"), ("b", "2")).Fingerprint(), Parse(("b", "2"), ("a", "1")).Fingerprint());
        Assert.NotEqual(Parse(("a", "1")).Fingerprint(), Parse(("a", "2")).Fingerprint());
    }

    [Fact]
    public void Bad_integer_is_an_invalid_request()
    {
        var error = Assert.Throws<StripeApiException>(() => Parse(("unit_amount", "ten")).Long("unit_amount"));
        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.Error["type"]!.GetValue<string>());
    }
}
