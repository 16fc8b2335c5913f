using Dunning.Contracts;

namespace Dunning.BillingWebhook.Domain.Mapping;

/// <summary>
/// <c>customer.subscription.*</c>: started, canceled (deleted, or updated into <c>canceled</c>), and the next renewal of one that
/// charges its card (<see cref="SubscriptionRenewal"/>).
/// </summary>
public static class SubscriptionEventMapper
{
    public static MappedEvent Map(StripeEvent e)
    {
        var subscription = e.Object;
        if (subscription.String("id") is not { } id) return MappedEvent.Nothing;
        var customer = subscription.String("customer") ?? "";
        var status = subscription.String("status") ?? "";
        var mapped = e.Type switch
        {
            "customer.subscription.created" => One(new SubscriptionStarted(e.Id, id, customer, status,
                subscription.UnixTime("start_date") ?? subscription.UnixTime("created") ?? e.Created, subscription.Livemode()), id, Facts.SubscriptionStarted),
            "customer.subscription.deleted" => Canceled(e, id, customer),
            "customer.subscription.updated" when status == "canceled" && BecameCanceled(e) => Canceled(e, id, customer),
            _ => MappedEvent.Nothing,
        };
        return e.Type is "customer.subscription.created" or "customer.subscription.updated" && SubscriptionRenewal.Of(e, id, customer) is { } renewal
            ? mapped.And(new MappedEvent([new Outgoing(renewal, id, Facts.SubscriptionRenewal, false)]))
            : mapped;
    }

    /// <summary>The status changed in this event (<c>previous_attributes.status</c> names the old one).</summary>
    private static bool BecameCanceled(StripeEvent e) =>
        e.PreviousAttributes is { } previous && previous.String("status") is { } old && old != "canceled";

    private static MappedEvent Canceled(StripeEvent e, string id, string customer) => One(
        new SubscriptionCanceled(e.Id, id, customer, LedgerFields.CancellationReason(e.Object.String("cancellation_details", "reason")),
            e.Object.UnixTime("ended_at") ?? e.Object.UnixTime("canceled_at") ?? e.Created, e.Object.Livemode()),
        id, Facts.SubscriptionCanceled);

    private static MappedEvent One(IDunningMessage message, string entityId, string fact) =>
        new([new Outgoing(message, entityId, fact, true)]);
}
