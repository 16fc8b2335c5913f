using System.Text.Json;
using Dunning.Contracts;

namespace Dunning.BillingWebhook.Domain.Mapping;

/// <summary>
/// When a subscription next charges its card, read from its object as Stripe sends it: since API version 2025-03-31.basil the
/// period end is on each item (<c>items.data[].current_period_end</c>; Stripe.net <c>SubscriptionItem.CurrentPeriodEnd</c>), and
/// the subscription renews at the earliest. Stripe sends <c>customer.subscription.updated</c> when a subscription cycles
/// ("How to determine when a subscription cycles using webhooks", support.stripe.com), so each period is told.
/// None for a subscription that will not charge a card then: not active, trialing or past due; invoices sent rather than
/// charged (<c>collection_method</c>); collection paused; or set to cancel by then (<c>cancel_at_period_end</c>, <c>cancel_at</c>).
/// </summary>
public static class SubscriptionRenewal
{
    private static readonly string[] RenewingStatuses = ["active", "trialing", "past_due"];

    public static SubscriptionRenewalPlanned? Of(StripeEvent e, string subscriptionId, string customerId)
    {
        var subscription = e.Object;
        if (!RenewingStatuses.Contains(subscription.String("status"))
            || subscription.String("collection_method") != "charge_automatically"
            || subscription.At("pause_collection") is { ValueKind: JsonValueKind.Object }
            || subscription.At("cancel_at_period_end") is { ValueKind: JsonValueKind.True }
            || PeriodEnd(subscription) is not { } renewsAt
            || subscription.UnixTime("cancel_at") is { } cancelAt && cancelAt <= renewsAt)
            return null;
        return new SubscriptionRenewalPlanned(e.Id, subscriptionId, customerId, renewsAt, subscription.String("test_clock"), e.Created,
            subscription.Livemode());
    }

    private static DateTimeOffset? PeriodEnd(JsonElement subscription)
    {
        if (subscription.At("items", "data") is not { ValueKind: JsonValueKind.Array } items) return null;
        var ends = items.EnumerateArray().Select(item => item.UnixTime("current_period_end")).OfType<DateTimeOffset>().ToList();
        return ends.Count == 0 ? null : ends.Min();
    }
}
