using System.Text.Json.Nodes;
using Dunning.BillingWebhook.Domain.Mapping;
using Dunning.BillingWebhook.Tests.Support;
using Dunning.Contracts;
using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Mapping;

public sealed class SubscriptionEventMapperTests
{
    [Fact]
    public void Created_subscription_is_subscription_started_once()
    {
        var subscription = Subscription("active");

        var outgoing = Assert.Single(
            SubscriptionEventMapper.Map(Events.Parse(Events.Envelope("evt_1", "customer.subscription.created", subscription))).Messages);

        var started = Assert.IsType<SubscriptionStarted>(outgoing.Message);
        Assert.Equal(("sub_1", "cus_QXg1o8vcGmoR32", "active"), (started.SubscriptionId, started.CustomerId, started.Status));
        Assert.True(outgoing.Once);
    }

    [Fact]
    public void Update_into_canceled_is_subscription_canceled_with_stripes_reason()
    {
        var subscription = Subscription("canceled");
        subscription["cancellation_details"] = new JsonObject { ["reason"] = "payment_failed" };

        var previous = new JsonObject { ["status"] = "past_due" };
        var mapped = SubscriptionEventMapper.Map(Events.Parse(Events.Envelope("evt_2", "customer.subscription.updated", subscription, previous: previous)));

        var canceled = Assert.IsType<SubscriptionCanceled>(Assert.Single(mapped.Messages).Message);
        Assert.True(canceled.ForNonPayment);
        Assert.Equal(Facts.SubscriptionCanceled, mapped.Messages[0].Fact);
    }

    [Fact]
    public void Update_without_a_status_transition_publishes_nothing()
    {
        var previous = new JsonObject { ["metadata"] = new JsonObject() };

        var mapped = SubscriptionEventMapper.Map(
            Events.Parse(Events.Envelope("evt_3", "customer.subscription.updated", Subscription("canceled"), previous: previous)));

        Assert.Empty(mapped.Messages);
    }

    [Fact]
    public void Update_into_past_due_publishes_nothing()
    {
        var previous = new JsonObject { ["status"] = "active" };
        var mapped = SubscriptionEventMapper.Map(
            Events.Parse(Events.Envelope("evt_4", "customer.subscription.updated", Subscription("past_due"), previous: previous)));

        Assert.Empty(mapped.Messages);
    }

    [Fact]
    public void Deleted_subscription_is_subscription_canceled()
    {
        var subscription = Subscription("canceled");
        subscription["cancellation_details"] = new JsonObject { ["reason"] = "cancellation_requested" };

        var mapped = SubscriptionEventMapper.Map(Events.Parse(Events.Envelope("evt_5", "customer.subscription.deleted", subscription)));
        var canceled = Assert.IsType<SubscriptionCanceled>(Assert.Single(mapped.Messages).Message);

        Assert.Equal("cancellation_requested", canceled.Reason);
        Assert.False(canceled.ForNonPayment);
    }

    [Fact]
    public void A_subscription_that_charges_its_card_tells_its_next_renewal_the_earliest_items_period_end()
    {
        var subscription = Renewing();
        var items = subscription["items"]!["data"]!.AsArray();
        items.Add(items[0]!.DeepClone());
        items[0]!["current_period_end"] = 1_800_000_000;
        items[1]!["current_period_end"] = 1_790_000_000;
        subscription["test_clock"] = "clock_1";

        var mapped = SubscriptionEventMapper.Map(Events.Parse(Events.Envelope("evt_6", "customer.subscription.updated", subscription,
            previous: new JsonObject { ["latest_invoice"] = "in_old" })));

        var renewal = Assert.IsType<SubscriptionRenewalPlanned>(Assert.Single(mapped.Messages).Message);
        Assert.Equal(("sub_1", DateTimeOffset.FromUnixTimeSeconds(1_790_000_000), "clock_1"), (renewal.SubscriptionId, renewal.RenewsAt, renewal.TestClockId));
        Assert.False(mapped.Messages[0].Once); // every period is told
    }

    [Theory]
    [InlineData("canceled at period end")]
    [InlineData("invoices sent")]
    [InlineData("collection paused")]
    [InlineData("canceled before the renewal")]
    [InlineData("incomplete")]
    public void A_subscription_that_will_not_charge_its_card_at_the_period_end_tells_no_renewal(string situation)
    {
        var subscription = Renewing();
        switch (situation)
        {
            case "canceled at period end": subscription["cancel_at_period_end"] = true; break;
            case "invoices sent": subscription["collection_method"] = "send_invoice"; break;
            case "collection paused": subscription["pause_collection"] = new JsonObject { ["behavior"] = "void" }; break;
            case "canceled before the renewal": subscription["cancel_at"] = 1_789_999_999; break;
            default: subscription["status"] = "incomplete"; break;
        }

        var mapped = SubscriptionEventMapper.Map(Events.Parse(Events.Envelope("evt_7", "customer.subscription.updated", subscription,
            previous: new JsonObject { ["metadata"] = new JsonObject() })));

        Assert.Empty(mapped.Messages);
    }

    /// <summary>Stripe's example subscription (items carry their period, API 2025-03-31.basil on), set to renew by charging its card.</summary>
    private static JsonObject Renewing()
    {
        var subscription = Subscription("active");
        subscription["cancel_at_period_end"] = false;
        subscription["cancel_at"] = null;
        subscription["pause_collection"] = null;
        subscription["collection_method"] = "charge_automatically";
        subscription["items"]!["data"]![0]!["current_period_end"] = 1_790_000_000;
        return subscription;
    }

    private static JsonObject Subscription(string status)
    {
        var subscription = StripeFixtures.Resource("subscription");
        subscription["id"] = "sub_1";
        subscription["status"] = status;
        return subscription;
    }
}
