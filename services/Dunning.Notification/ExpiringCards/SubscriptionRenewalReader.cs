using Dunning.Platform.Stripe;
using Stripe;

namespace Dunning.Notification.ExpiringCards;

/// <summary>
/// Reads a subscription's next renewal from Stripe in one call (<c>GET /v1/subscriptions/{id}</c>, expanding its default payment
/// method and its customer's). The card charged is the subscription's <c>default_payment_method</c>, else its
/// <c>default_source</c>, else the customer's <c>invoice_settings.default_payment_method</c>, else the customer's
/// <c>default_source</c> (Stripe.net <c>Subscription.DefaultPaymentMethod</c>); a legacy source is not read, so no card is known.
/// It renews by charging a card when active, trialing or past due, charged automatically, not paused and not set to cancel by then,
/// the rule the webhook service maps <c>SubscriptionRenewalPlanned</c> by.
/// </summary>
public sealed class SubscriptionRenewalReader(StripeCalls stripe)
{
    private static readonly string[] RenewingStatuses = ["active", "trialing", "past_due"];

    public async Task<SubscriptionRenewalState> ReadAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var subscription = await stripe.RunAsync((client, ct) => new SubscriptionService(client).GetAsync(subscriptionId, new SubscriptionGetOptions
        {
            Expand = ["default_payment_method", "customer.invoice_settings.default_payment_method"],
        }, null, ct), cancellationToken);
        var customer = subscription.Customer is { Deleted: not true } c ? c : null;
        return new SubscriptionRenewalState(subscription.Id, subscription.CustomerId, RenewsAt(subscription), ChargedCard(subscription, customer),
            customer?.Email, customer?.PreferredLocales ?? [], subscription.TestClockId);
    }

    private static DateTimeOffset? RenewsAt(Subscription subscription)
    {
        if (!RenewingStatuses.Contains(subscription.Status) || subscription.CollectionMethod != "charge_automatically"
            || subscription.PauseCollection is not null || subscription.CancelAtPeriodEnd || subscription.Items?.Data is not { Count: > 0 } items)
            return null;
        var renewsAt = new DateTimeOffset(items.Min(item => item.CurrentPeriodEnd), TimeSpan.Zero);
        return subscription.CancelAt is { } cancelAt && new DateTimeOffset(cancelAt, TimeSpan.Zero) <= renewsAt ? null : renewsAt;
    }

    private static RenewalCard? ChargedCard(Subscription subscription, Customer? customer)
    {
        var method = subscription.DefaultPaymentMethod
            ?? (subscription.DefaultSourceId is null ? customer?.InvoiceSettings?.DefaultPaymentMethod : null);
        return method?.Card is { } card
            ? new RenewalCard(method.Id, card.Brand, card.Last4, card.Fingerprint, card.ExpMonth, card.ExpYear)
            : null;
    }
}
