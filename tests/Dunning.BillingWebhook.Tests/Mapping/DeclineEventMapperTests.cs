using Dunning.BillingWebhook.Domain.Mapping;
using Dunning.BillingWebhook.Tests.Support;
using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Mapping;

public sealed class DeclineEventMapperTests
{
    [Fact]
    public void Failed_charge_is_remembered_under_its_payment_intent()
    {
        // Since basil a charge no longer names its invoice: the payment intent is the key the invoice's failure finds it by.
        var charge = InvoiceEventMapperTests.FailedCharge("lost_card");
        charge["payment_intent"] = "pi_9";

        var mapped = DeclineEventMapper.Map(Events.Parse(Events.Envelope("evt_1", "charge.failed", charge)));

        Assert.False(charge.ContainsKey("invoice"));
        Assert.Empty(mapped.Messages);
        Assert.Equal(["pi_9"], mapped.Decline!.LookupKeys);
        Assert.Equal(("lost_card", "do_not_try_again", "54"), (mapped.Decline.Details.DeclineCode, mapped.Decline.Details.AdviceCode, mapped.Decline.Details.NetworkDeclineCode));
    }

    [Fact]
    public void Payment_intent_failure_is_also_remembered_under_the_invoice_its_payment_details_name()
    {
        // payment_details.order_reference carries the invoice id on invoice payment intents (recorded by Zulip, API clover).
        var intent = StripeFixtures.Resource("payment_intent");
        intent["last_payment_error"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "card_error", ["code"] = "card_declined", ["decline_code"] = "insufficient_funds" };
        intent["payment_details"] = new System.Text.Json.Nodes.JsonObject { ["customer_reference"] = null, ["order_reference"] = "in_9" };

        var mapped = DeclineEventMapper.Map(Events.Parse(Events.Envelope("evt_3", "payment_intent.payment_failed", intent)));

        Assert.Equal(["pi_1PgafyB7WZ01zgkWSjxsAJo3", "in_9"], mapped.Decline!.LookupKeys);
    }

    [Fact]
    public void Payment_intent_failure_is_remembered_from_its_last_payment_error()
    {
        var intent = StripeFixtures.Resource("payment_intent");
        intent["last_payment_error"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "card_error", ["code"] = "card_declined", ["decline_code"] = "do_not_honor" };

        var mapped = DeclineEventMapper.Map(Events.Parse(Events.Envelope("evt_2", "payment_intent.payment_failed", intent)));

        Assert.Equal(["pi_1PgafyB7WZ01zgkWSjxsAJo3"], mapped.Decline!.LookupKeys);
        Assert.Equal("do_not_honor", mapped.Decline.Details.DeclineCode);
    }
}
