using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>
/// An invoice's payment intent and its invoice_payment, created at the first attempt and reused after. Its
/// <c>payment_details.order_reference</c> names the invoice, as in a payment intent recorded from Stripe (API 2025-11-17.clover)
/// by Zulip's tests: tests/Dunning.BillingWebhook.Tests/Fixtures/Real/payment_intent.clover.declined.zulip.json (its ids
/// normalised: the order reference is the id of the invoice that test created).
/// </summary>
public sealed class PaymentIntents(StripeStore store, EventPublisher events)
{
    public JsonObject ForInvoice(JsonObject invoice, long now)
    {
        var existing = store.PaymentsOf(invoice.Str("id")).FirstOrDefault();
        if (existing is not null) return store.Get("payment_intent", existing["payment"]!["payment_intent"]!.GetValue<string>());

        var pi = Fixtures.New("payment_intent");
        var id = Ids.New("pi");
        pi["id"] = id;
        pi["created"] = now;
        pi["amount"] = invoice.Long("amount_remaining");
        pi["currency"] = invoice.Str("currency");
        pi["customer"] = invoice.Str("customer");
        pi["description"] = invoice.Str("billing_reason") == "subscription_create" ? "Subscription creation" : "Subscription update";
        pi["client_secret"] = $"{id}_secret_{Ids.New("s")[2..]}";
        pi["setup_future_usage"] = "off_session";
        pi["payment_details"] = new JsonObject { ["customer_reference"] = null, ["order_reference"] = invoice.Str("id") };
        store.Add(pi);
        events.Emit("payment_intent.created", pi, now);

        var payment = Fixtures.New("invoice_payment");
        payment["id"] = Ids.New("inpay");
        payment["created"] = now;
        payment["livemode"] = false;
        payment["invoice"] = invoice.Str("id");
        payment["currency"] = invoice.Str("currency");
        payment["amount_requested"] = invoice.Long("amount_remaining");
        payment["status"] = "open";
        payment["payment"]!["payment_intent"] = id;
        store.Add(payment);
        return pi;
    }

    public JsonObject PaymentOf(JsonObject invoice) =>
        store.PaymentsOf(invoice.Str("id")).First();

    /// <summary>
    /// The 402 of POST /v1/invoices/{id}/pay when the payment needs 3-D Secure: code invoice_payment_intent_requires_action,
    /// no decline_code (nothing was declined), the payment intent (status requires_action) added by the caller. Type card_error
    /// and the message follow Stripe's recorded answer for its sibling subscription_payment_intent_requires_action
    /// (github.com/dotpngn/flutter-stripe-subscription/issues/1); the invoice variant's exact message is not confirmed.
    /// </summary>
    public static JsonObject RequiresActionError() => new()
    {
        ["type"] = "card_error",
        ["code"] = "invoice_payment_intent_requires_action",
        ["message"] = "Payment for this invoice requires additional user action before it can be completed successfully. "
            + "Payment can be completed using the PaymentIntent associated with the invoice. "
            + "Additional information is available here: https://stripe.com/docs/billing/subscriptions/overview#requires-action",
        ["doc_url"] = "https://stripe.com/docs/error-codes/invoice-payment-intent-requires-action",
    };

    public static JsonObject ErrorFor(Decline decline, JsonObject charge, JsonObject paymentMethod) => new()
    {
        ["type"] = "card_error",
        ["code"] = decline.FailureCode,
        ["decline_code"] = decline.DeclineCode,
        ["message"] = decline.Message,
        ["advice_code"] = decline.AdviceCode,
        ["network_decline_code"] = decline.NetworkDeclineCode,
        ["network_advice_code"] = decline.NetworkAdviceCode,
        ["charge"] = charge.Str("id"),
        ["doc_url"] = $"https://stripe.com/docs/error-codes/{decline.FailureCode.Replace('_', '-')}",
        ["payment_method"] = paymentMethod.DeepClone(),
    };
}
