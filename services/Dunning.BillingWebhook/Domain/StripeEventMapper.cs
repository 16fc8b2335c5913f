using Dunning.Contracts;

namespace Dunning.BillingWebhook.Domain;

/// <summary>Turns a Stripe event into the Dunning messages it implies (none for types Dunning ignores).</summary>
public sealed class StripeEventMapper
{
    public IReadOnlyList<IDunningMessage> Map(StripeEvent stripeEvent) => stripeEvent.Type switch
    {
        "invoice.payment_failed" => [PaymentFailedFrom(stripeEvent)],
        _ => [],
    };

    private static PaymentFailed PaymentFailedFrom(StripeEvent e)
    {
        var invoice = e.Object;
        return new PaymentFailed(
            SourceEventId: e.Id,
            InvoiceId: invoice.String("id")!,
            CustomerId: invoice.String("customer") ?? "",
            SubscriptionId: invoice.String("parent", "subscription_details", "subscription") ?? invoice.String("subscription"),
            CustomerEmail: invoice.String("customer_email"),
            AmountMinor: invoice.Long("amount_due") ?? 0,
            Currency: invoice.String("currency") ?? "usd",
            StripeAttemptCount: (int)(invoice.Long("attempt_count") ?? 1),
            Decline: DeclineDetails.None,
            HostedInvoiceUrl: invoice.String("hosted_invoice_url"),
            StripeNextAttemptAt: invoice.UnixTime("next_payment_attempt"),
            OccurredAt: e.Created);
    }
}
