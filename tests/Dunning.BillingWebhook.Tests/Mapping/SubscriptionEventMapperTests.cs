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

    private static JsonObject Subscription(string status)
    {
        var subscription = StripeFixtures.Resource("subscription");
        subscription["id"] = "sub_1";
        subscription["status"] = status;
        return subscription;
    }
}
