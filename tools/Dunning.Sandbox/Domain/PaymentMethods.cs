using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>
/// Card payment methods. Attaching a test token (pm_card_visa, pm_sandbox_recoverAfter3, ...) creates a
/// new customer-specific payment method with the test card's brand, last4 and stable fingerprint.
/// </summary>
public sealed class PaymentMethods(StripeStore store, SandboxClock clock, EventPublisher events)
{
    public JsonObject Attach(string idOrToken, string customerId) =>
        AttachTo(idOrToken, store.Get("customer", customerId, "customer"));

    public JsonObject AttachTo(string idOrToken, JsonObject customer)
    {
        var now = clock.NowFor(customer);
        JsonObject pm;
        if (TestCards.Find(idOrToken) is { } card)
        {
            pm = store.Add(NewCard(card, now));
            store.Cards[pm.Str("id")!] = new AttachedCard(card, now);
        }
        else
        {
            pm = store.Get("payment_method", idOrToken);
            if (pm.Str("customer") == customer.Str("id")) return pm;
            if (pm.Str("customer") is not null)
            {
                throw StripeApiException.InvalidRequest("The payment method you provided has already been attached to a customer.", "payment_method");
            }
        }
        pm["customer"] = customer.Str("id");
        events.Emit("payment_method.attached", pm, now);
        return pm;
    }

    /// <summary>
    /// Stripe's "Update a PaymentMethod" for a card's expiry (<c>card[exp_month]</c>, <c>card[exp_year]</c>): "A PaymentMethod must be
    /// attached a customer to be updated", and it emits <c>payment_method.updated</c> ("Occurs whenever a payment method is updated via
    /// the PaymentMethod update API", Stripe.net EventTypes) with the old values in previous_attributes.
    /// </summary>
    public JsonObject Update(string id, StripeParams p)
    {
        var pm = store.Get("payment_method", id, "payment_method");
        if (pm.Str("customer") is null)
            throw StripeApiException.InvalidRequest("A PaymentMethod must be attached to a customer to be updated.", "payment_method");
        var changes = new List<(string, JsonNode?)>();
        if (p.Long("card[exp_month]") is { } month)
        {
            if (month is < 1 or > 12) throw StripeApiException.InvalidRequest("Your card's expiration month is invalid.", "card[exp_month]");
            changes.Add(("exp_month", month));
        }
        if (p.Long("card[exp_year]") is { } year) changes.Add(("exp_year", year));
        var previous = pm.Obj("card").Change([.. changes]);
        if (p.Has("metadata")) pm["metadata"] = Metadata.Merge(pm["metadata"] as JsonObject, p);
        if (previous.Count > 0) events.Emit("payment_method.updated", pm, clock.NowFor(pm), new JsonObject { ["card"] = previous });
        return pm;
    }

    /// <summary>A payment method the customer may use: attached to them, or a test token attached on the fly.</summary>
    public JsonObject ForCustomer(string idOrToken, JsonObject customer)
    {
        if (TestCards.Find(idOrToken) is not null) return AttachTo(idOrToken, customer);
        var pm = store.Get("payment_method", idOrToken, "payment_method");
        if (pm.Str("customer") != customer.Str("id"))
        {
            throw StripeApiException.InvalidRequest(
                $"The customer does not have a payment method with the ID {idOrToken}. The payment method must be attached to the customer.",
                "payment_method", "resource_missing");
        }
        return pm;
    }

    private static JsonObject NewCard(TestCard card, long now)
    {
        var pm = Fixtures.New("payment_method");
        pm["id"] = Ids.New("pm");
        pm["created"] = now;
        var c = pm.Obj("card");
        c["brand"] = card.Brand;
        c["display_brand"] = card.Brand;
        c["last4"] = card.Last4;
        c["fingerprint"] = card.Fingerprint;
        c["funding"] = card.Funding;
        c["exp_month"] = 12;
        c["exp_year"] = DateTimeOffset.FromUnixTimeSeconds(now).Year + 3;
        c["networks"] = new JsonObject { ["available"] = new JsonArray(card.Brand), ["preferred"] = null };
        return pm;
    }
}
