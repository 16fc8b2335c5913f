namespace Dunning.BillingWebhook.Domain.Mapping;

/// <summary>
/// <c>payment_intent.payment_failed</c> publishes nothing itself: its decline details (<c>last_payment_error</c>) are
/// remembered under the invoice that created the payment intent, for the look-up of the <c>invoice.payment_failed</c> that
/// comes with it. In this API version the payment intent names its invoice only in <c>payment_details.order_reference</c>
/// (recorded real payload: tests' Fixtures/Real/payment_intent.clover.declined.zulip.json); a charge names none.
/// </summary>
public static class DeclineEventMapper
{
    public static MappedEvent Map(StripeEvent e)
    {
        if (e.Type != "payment_intent.payment_failed"
            || DeclineDetailsReader.FromPaymentIntent(e.Object) is not { } details
            || e.Object.String("payment_details", "order_reference") is not { } invoiceId
            || !invoiceId.StartsWith("in_", StringComparison.Ordinal))
            return MappedEvent.Nothing;
        return new MappedEvent([], new RememberedDecline([invoiceId], details));
    }
}
