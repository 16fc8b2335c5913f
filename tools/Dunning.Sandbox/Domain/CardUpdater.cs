using System.Globalization;
using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>
/// Stripe's automatic card updates (card networks' account updaters): a saved card reissued by its bank is updated in
/// place — same payment method id, new <c>card.exp_month/exp_year/last4</c> — and Stripe emits
/// <c>payment_method.automatically_updated</c> ("Occurs whenever a payment method's details are automatically updated by
/// the network", Stripe.net EventTypes; event name since API version 2020-08-27) with the old values in previous_attributes.
/// A new card number gets a new fingerprint, since the fingerprint "uniquely identifies this particular card number"
/// (Stripe.net PaymentMethodCard.Fingerprint); a new expiry alone keeps it. Sandbox-only: <c>card</c> names the test card
/// whose charge behaviour the reissued card has from now on (e.g. an expired card that now succeeds).
/// </summary>
public sealed class CardUpdater(StripeStore store, SandboxClock clock, EventPublisher events)
{
    public JsonObject Update(string paymentMethodId, long? expMonth, long? expYear, string? last4, string? behaviourToken)
    {
        var pm = store.Get("payment_method", paymentMethodId, "payment_method");
        if (pm.Str("customer") is null)
        {
            throw StripeApiException.InvalidRequest("Only a payment method attached to a customer is updated automatically.", "payment_method");
        }
        if (last4 is not null && (last4.Length != 4 || !last4.All(char.IsAsciiDigit)))
        {
            throw StripeApiException.InvalidRequest("last4 must be 4 digits.", "last4");
        }
        var behaviour = behaviourToken is null ? null
            : TestCards.Find(behaviourToken) ?? throw StripeApiException.InvalidRequest($"No such test card: '{behaviourToken}'", "card");

        var card = pm.Obj("card");
        var now = clock.NowFor(pm);
        var changes = new List<(string, JsonNode?)>
        {
            // A reissued card with no expiry given gets a later one, as a bank's reissue does.
            ("exp_month", expMonth ?? card.Long("exp_month")),
            ("exp_year", expYear ?? (expMonth is null ? card.Long("exp_year") + 4 : card.Long("exp_year"))),
        };
        if (last4 is not null && last4 != card.Str("last4"))
        {
            changes.Add(("last4", last4));
            changes.Add(("fingerprint", Ids.Stable(string.Create(CultureInfo.InvariantCulture, $"fingerprint:{paymentMethodId}:{last4}"))));
        }
        var previous = card.Change([.. changes]);
        if (behaviour is not null) store.Cards[paymentMethodId] = new AttachedCard(behaviour, store.Cards[paymentMethodId].AttachedAt);
        if (previous.Count > 0) events.Emit("payment_method.automatically_updated", pm, now, new JsonObject { ["card"] = previous });
        return pm;
    }
}
