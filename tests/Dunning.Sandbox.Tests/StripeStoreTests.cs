using System.Text.Json.Nodes;
using Dunning.Sandbox.Domain;

namespace Dunning.Sandbox.Tests;

public sealed class StripeStoreTests
{
    [Fact]
    public void All_lists_one_object_type_in_creation_order()
    {
        var store = new StripeStore();
        store.Add(Obj("sub_1", "subscription"));
        store.Add(Obj("evt_1", "event"));
        store.Add(Obj("sub_2", "subscription"));
        store.Add(Obj("clock_1", "test_helpers.test_clock"));

        Assert.Equal(["sub_1", "sub_2"], store.All("subscription").Select(o => o.Str("id")));
        Assert.Equal(["clock_1"], store.All("test_helpers.test_clock").Select(o => o.Str("id")));
        Assert.Empty(store.All("charge"));
    }

    [Fact]
    public void PaymentsOf_returns_the_invoice_payments_of_that_invoice_only()
    {
        var store = new StripeStore();
        store.Add(Payment("inpay_1", "in_a"));
        store.Add(Payment("inpay_2", "in_b"));
        store.Add(Payment("inpay_3", "in_a"));

        Assert.Equal(["inpay_1", "inpay_3"], store.PaymentsOf("in_a").Select(o => o.Str("id")));
        Assert.Equal(["inpay_2"], store.PaymentsOf("in_b").Select(o => o.Str("id")));
        Assert.Empty(store.PaymentsOf("in_c"));
        Assert.Empty(store.PaymentsOf(null));
    }

    private static JsonObject Obj(string id, string type) => new() { ["id"] = id, ["object"] = type };

    private static JsonObject Payment(string id, string invoice) => new() { ["id"] = id, ["object"] = "invoice_payment", ["invoice"] = invoice };
}
