using System.Text.Json;
using Dunning.Contracts;

namespace Dunning.BillingWebhook.Domain.Mapping;

/// <summary><c>invoice.*</c> events: failed, paid, action required, uncollectible, voided.</summary>
public static class InvoiceEventMapper
{
    public static MappedEvent Map(StripeEvent e)
    {
        var invoice = e.Object;
        var id = invoice.String("id");
        if (id is null) return MappedEvent.Nothing;
        Outgoing? outgoing = e.Type switch
        {
            "invoice.payment_failed" => new(PaymentFailed(e, id), id, Facts.InvoiceFailed, false, Facts.InvoicePaid, Facts.InvoiceVoided),
            "invoice.paid" or "invoice.payment_succeeded" => new(PaymentSucceeded(e, id), id, Facts.InvoicePaid, true, Facts.InvoiceVoided),
            "invoice.payment_action_required" => new(ActionRequired(e, id), id, Facts.InvoiceActionRequired, false, Facts.InvoicePaid, Facts.InvoiceVoided),
            "invoice.marked_uncollectible" => new(new InvoiceMarkedUncollectible(e.Id, id, Customer(invoice), Subscription(invoice), e.Created),
                id, Facts.InvoiceUncollectible, true, Facts.InvoicePaid, Facts.InvoiceVoided),
            "invoice.voided" => new(new InvoiceVoided(e.Id, id, Customer(invoice), Subscription(invoice), e.Created),
                id, Facts.InvoiceVoided, true, Facts.InvoicePaid),
            _ => null,
        };
        return outgoing is null ? MappedEvent.Nothing : new MappedEvent([outgoing]);
    }

    public static string Customer(JsonElement invoice) => invoice.String("customer") ?? "";

    public static string? Subscription(JsonElement invoice) =>
        invoice.String("parent", "subscription_details", "subscription") ?? invoice.String("subscription");

    private static PaymentFailed PaymentFailed(StripeEvent e, string id)
    {
        var invoice = e.Object;
        return new PaymentFailed(
            SourceEventId: e.Id,
            InvoiceId: id,
            CustomerId: Customer(invoice),
            SubscriptionId: Subscription(invoice),
            CustomerEmail: invoice.String("customer_email"),
            AmountMinor: invoice.Long("amount_due") ?? 0,
            Currency: invoice.String("currency") ?? "usd",
            StripeAttemptCount: (int)Math.Max(1, invoice.Long("attempt_count") ?? 1),
            // Never in the event: invoice.payments is expand-only and the invoice names no charge in this API version.
            Decline: DeclineDetails.None,
            HostedInvoiceUrl: invoice.String("hosted_invoice_url"),
            StripeNextAttemptAt: invoice.UnixTime("next_payment_attempt"),
            OccurredAt: e.Created,
            RequestIdempotencyKey: e.RequestIdempotencyKey,
            Livemode: invoice.Livemode(),
            TestClockId: invoice.String("test_clock"));
    }

    private static PaymentSucceeded PaymentSucceeded(StripeEvent e, string id)
    {
        var invoice = e.Object;
        return new PaymentSucceeded(
            SourceEventId: e.Id,
            InvoiceId: id,
            CustomerId: Customer(invoice),
            SubscriptionId: Subscription(invoice),
            AmountMinor: invoice.Long("amount_paid") is > 0 and { } paid ? paid : invoice.Long("amount_due") ?? 0,
            Currency: invoice.String("currency") ?? "usd",
            PaymentMethodId: invoice.String("default_payment_method"),
            OccurredAt: invoice.UnixTime("status_transitions", "paid_at") ?? e.Created);
    }

    private static PaymentActionRequired ActionRequired(StripeEvent e, string id)
    {
        var invoice = e.Object;
        return new PaymentActionRequired(e.Id, id, Customer(invoice), Subscription(invoice), invoice.String("customer_email"),
            invoice.Long("amount_due") ?? 0, invoice.String("currency") ?? "usd", invoice.String("hosted_invoice_url"), e.Created);
    }
}
