using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Tests.Contract;

/// <summary>The contract check itself: it must catch what it is there to catch.</summary>
public sealed class StripeModelContractTests
{
    [Fact]
    public void A_field_the_model_does_not_know_is_reported_with_its_path()
    {
        var invoice = JsonNode.Parse("""
            {"object":"invoice","id":"in_1","subscription":"sub_1",
             "parent":{"type":"subscription_details","subscription_details":{"subscription":"sub_1","bogus":1}}}
            """)!.AsObject();

        var problems = StripeModelContract.Check(invoice, "x");

        Assert.Equal(
            ["x.subscription: not in Stripe.net's Invoice", "x.parent.subscription_details.bogus: not in Stripe.net's InvoiceParentSubscriptionDetails"],
            problems);
    }

    [Fact]
    public void An_includable_field_is_reported_unless_the_answer_was_expanded()
    {
        var invoice = JsonNode.Parse(
            """{"object":"invoice","id":"in_1","payments":{"object":"list","data":[],"has_more":false,"url":"/v1/invoice_payments"}}""")!.AsObject();

        Assert.Equal(["x.payments: includable (expand-only), yet present"], StripeModelContract.Check(invoice, "x"));
        Assert.Empty(StripeModelContract.Check(invoice, "x", expanded: true));
    }

    [Fact]
    public void Expanded_objects_and_list_items_are_checked_against_their_own_models()
    {
        var subscription = JsonNode.Parse("""
            {"object":"subscription","id":"sub_1","latest_invoice":{"object":"invoice","id":"in_1","nope":true},
             "items":{"object":"list","data":[{"object":"subscription_item","id":"si_1","nada":1}],"has_more":false,"url":"/v1/subscription_items"}}
            """)!.AsObject();

        Assert.Equal(["x.latest_invoice.nope: not in Stripe.net's Invoice", "x.items.data[0].nada: not in Stripe.net's SubscriptionItem"],
            StripeModelContract.Check(subscription, "x", expanded: true));
    }
}
