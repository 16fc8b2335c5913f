using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>
/// One payment attempt on an open invoice, as Stripe makes it for charge_automatically invoices:
/// a charge on the payment method, the payment intent and invoice updated, the subscription moved
/// (incomplete/past_due ↔ active), and the events Stripe emits, in Stripe's order.
/// Stripe's own automatic retries are off unless the Smart-Retries-like mode is on (<see cref="SmartRetries"/>): then a
/// failed automatic attempt sets next_payment_attempt, otherwise it stays null and Dunning drives retries.
/// </summary>
public sealed class InvoicePayer(StripeStore store, SandboxClock clock, Invoices invoices, PaymentMethods paymentMethods,
    PaymentIntents paymentIntents, SmartRetries retries, EventPublisher events)
{
    public PaymentResult Pay(JsonObject invoice, string? paymentMethod, bool paidOutOfBand)
    {
        var status = invoice.Str("status");
        if (status == "draft") invoices.Finalize(invoice);
        else if (status is not ("open" or "uncollectible"))
        {
            throw StripeApiException.InvalidRequest($"Invoice is already {status}.", code: status == "paid" ? "invoice_already_paid" : "invoice_not_editable");
        }
        if (paidOutOfBand)
        {
            store.PaidOffStripe[invoice.Str("id")!] = invoice.Long("amount_remaining");
            MarkPaid(invoice, clock.NowFor(invoice), null);
            return new PaymentResult("paid_out_of_band", null, null);
        }
        var customer = store.Get("customer", invoice.Str("customer"));
        var pm = ResolvePaymentMethod(invoice, customer, paymentMethod)
            ?? throw StripeApiException.InvalidRequest(
                "This customer has no attached payment source or default payment method.", "payment_method", "invoice_no_payment_method_types");
        return Attempt(invoice, pm, automatic: false);
    }

    /// <summary>An automatic attempt: after an invoice is finalized (subscription create, renewal), or a Smart-Retries-like retry.</summary>
    public PaymentResult AttemptAutomatically(JsonObject invoice)
    {
        var customer = store.Get("customer", invoice.Str("customer"));
        if (ResolvePaymentMethod(invoice, customer, null) is { } pm) return Attempt(invoice, pm, automatic: true);
        var now = clock.NowFor(invoice);
        invoice["attempt_count"] = invoice.Long("attempt_count") + 1;
        invoice["attempted"] = true;
        invoice["next_payment_attempt"] = null; // Stripe does not retry without a payment method
        events.Emit("invoice.payment_failed", invoice, now);
        MoveSubscription(invoice, "past_due", now);
        return new PaymentResult("no_payment_method", null, null);
    }

    private PaymentResult Attempt(JsonObject invoice, JsonObject pm, bool automatic)
    {
        var now = clock.NowFor(invoice);
        var pi = paymentIntents.ForInvoice(invoice, now);
        var attached = store.Cards[pm.Str("id")!];
        var outcome = attached.Charge(now);
        var charge = store.Add(Charges.New(pi, pm, outcome, now));
        pi["payment_method"] = pm.Str("id");
        pi["latest_charge"] = charge.Str("id");
        // "Any payment attempt counts as the first attempt, and subsequently only automatic retries increment the attempt
        // count" (Stripe's invoice.attempt_count): a pay call or the hosted page after the first attempt leaves it.
        if (automatic || invoice.Long("attempt_count") == 0) invoice["attempt_count"] = invoice.Long("attempt_count") + 1;
        invoice["attempted"] = true;

        if (outcome.Succeeded)
        {
            invoice["next_payment_attempt"] = null;
            Succeed(invoice, pi, charge, now);
            return new PaymentResult("succeeded", charge, null);
        }
        // A manual attempt leaves the automatic schedule as it was; an automatic one sets the next try, if any.
        if (automatic) invoice["next_payment_attempt"] = retries.NextAttempt(invoice, now);
        var result = Fail(invoice, pi, pm, charge, outcome, now);
        if (automatic && retries.Enabled && invoice["next_payment_attempt"] is null) AfterLastTry(invoice, now);
        return result;
    }

    /// <summary>Smart-Retries-like mode, the last automatic try failed: the subscription gets the configured final status.</summary>
    private void AfterLastTry(JsonObject invoice, long now)
    {
        if (store.Find(invoice["parent"]?["subscription_details"]?["subscription"]?.GetValue<string>()) is not { } sub) return;
        if (sub.Str("status") is "canceled" or "incomplete") return;
        switch (retries.FinalStatus)
        {
            case "unpaid":
                var previous = sub.Change(("status", "unpaid"));
                if (previous.Count > 0) events.Emit("customer.subscription.updated", sub, now, previous);
                break;
            case "canceled":
                sub.Change(("status", "canceled"), ("canceled_at", now), ("ended_at", now));
                sub["cancellation_details"]!["reason"] = "payment_failed";
                events.Emit("customer.subscription.deleted", sub, now);
                break;
        }
    }

    private void Succeed(JsonObject invoice, JsonObject pi, JsonObject charge, long now)
    {
        pi["status"] = "succeeded";
        pi["amount_received"] = pi.Long("amount");
        pi["last_payment_error"] = null;
        pi["next_action"] = null;
        var payment = paymentIntents.PaymentOf(invoice);
        payment["status"] = "paid";
        payment["amount_paid"] = pi.Long("amount");
        payment["status_transitions"]!["paid_at"] = now;
        events.Emit("charge.succeeded", charge, now);
        events.Emit("payment_intent.succeeded", pi, now);
        MarkPaid(invoice, now, payment);
    }

    private PaymentResult Fail(JsonObject invoice, JsonObject pi, JsonObject pm, JsonObject charge, ChargeOutcome outcome, long now)
    {
        var error = outcome.RequiresAction ? PaymentIntents.RequiresActionError() : PaymentIntents.ErrorFor(outcome.Decline!, charge, pm);
        events.Emit("charge.failed", charge, now);
        if (outcome.RequiresAction)
        {
            // Not a decline: the payment waits for the customer. A recorded payment_intent.requires_action of a subscription
            // invoice has last_payment_error null and next_action use_stripe_sdk.
            pi["status"] = "requires_action";
            pi["last_payment_error"] = null;
            pi["next_action"] = new JsonObject { ["type"] = "use_stripe_sdk", ["use_stripe_sdk"] = new JsonObject { ["type"] = "three_d_secure_redirect" } };
            events.Emit("payment_intent.requires_action", pi, now);
            events.Emit("invoice.payment_action_required", invoice, now);
        }
        else
        {
            pi["last_payment_error"] = error.DeepClone();
            pi["status"] = "requires_payment_method";
            events.Emit("payment_intent.payment_failed", pi, now);
            events.Emit("invoice.payment_failed", invoice, now);
        }
        MoveSubscription(invoice, "past_due", now);
        error["payment_intent"] = pi.DeepClone();
        return new PaymentResult(outcome.RequiresAction ? "requires_action" : "declined", charge, error);
    }

    private void MarkPaid(JsonObject invoice, long now, JsonObject? payment)
    {
        var previous = invoice.Change(("status", "paid"), ("amount_paid", invoice.Long("amount_due")), ("amount_remaining", 0));
        invoice["status_transitions"]!["paid_at"] = now;
        events.Emit("invoice.paid", invoice, now, previous);
        if (payment is not null) events.Emit("invoice.payment_succeeded", invoice, now, previous);
        MoveSubscription(invoice, "active", now);
    }

    /// <summary>Failure moves an active renewal to past_due (a first invoice keeps it incomplete); payment makes it active.</summary>
    private void MoveSubscription(JsonObject invoice, string target, long now)
    {
        if (store.Find(invoice["parent"]?["subscription_details"]?["subscription"]?.GetValue<string>()) is not { } sub) return;
        var status = sub.Str("status");
        var moves = target == "active"
            ? status is "incomplete" or "past_due" or "unpaid"
            : status == "active";
        if (!moves) return;
        var previous = sub.Change(("status", target));
        events.Emit("customer.subscription.updated", sub, now, previous);
    }

    private JsonObject? ResolvePaymentMethod(JsonObject invoice, JsonObject customer, string? requested)
    {
        if (requested is not null) return paymentMethods.ForCustomer(requested, customer);
        var sub = store.Find(invoice["parent"]?["subscription_details"]?["subscription"]?.GetValue<string>());
        var id = invoice.Str("default_payment_method")
            ?? sub?.Str("default_payment_method")
            ?? customer["invoice_settings"]?["default_payment_method"]?.GetValue<string>();
        return store.Find(id);
    }
}
