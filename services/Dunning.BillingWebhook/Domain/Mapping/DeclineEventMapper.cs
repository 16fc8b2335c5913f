namespace Dunning.BillingWebhook.Domain.Mapping;

/// <summary>
/// <c>charge.failed</c> / <c>payment_intent.payment_failed</c> publish nothing themselves: their decline
/// details are remembered under the invoice and payment intent ids, for the <c>invoice.payment_failed</c> that follows.
/// </summary>
public static class DeclineEventMapper
{
    public static MappedEvent Map(StripeEvent e)
    {
        var obj = e.Object;
        var (details, intentId) = e.Type switch
        {
            "charge.failed" => (DeclineDetailsReader.FromCharge(obj), obj.String("payment_intent")),
            "payment_intent.payment_failed" => (DeclineDetailsReader.FromPaymentIntent(obj), obj.String("id")),
            _ => (null, null),
        };
        if (details is null) return MappedEvent.Nothing;
        string?[] keys = [obj.String("invoice"), intentId, obj.String("payment_details", "order_reference")];
        var lookupKeys = keys.OfType<string>().Where(k => k.StartsWith("in_", StringComparison.Ordinal) || k.StartsWith("pi_", StringComparison.Ordinal)).Distinct().ToList();
        return lookupKeys.Count == 0 ? MappedEvent.Nothing : new MappedEvent([], new RememberedDecline(lookupKeys, details));
    }
}
