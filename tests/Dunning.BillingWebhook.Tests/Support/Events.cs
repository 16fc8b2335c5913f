using System.Text.Json.Nodes;
using Dunning.BillingWebhook.Domain;
using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Support;

/// <summary>Stripe events of the real shape (fixtures3.json) with the fields a scenario needs.</summary>
public static class Events
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An open invoice with a finalization error (which is not a payment's decline: the decline always comes from the look-up).</summary>
    public static JsonObject Invoice(string id = "in_test", long amountDue = 1999)
    {
        var invoice = InvoiceWithoutDecline(id, amountDue);
        invoice["last_finalization_error"] = new JsonObject { ["type"] = "card_error", ["code"] = "card_declined", ["decline_code"] = "generic_decline" };
        return invoice;
    }

    /// <summary>An invoice that says nothing of why its payment failed (decline details must come from elsewhere).</summary>
    public static JsonObject InvoiceWithoutDecline(string id = "in_test", long amountDue = 1999)
    {
        var invoice = StripeFixtures.Resource("invoice");
        invoice["id"] = id;
        invoice["customer"] = "cus_test";
        invoice["customer_email"] = "ada@example.com";
        invoice["amount_due"] = amountDue;
        invoice["attempt_count"] = 1;
        invoice["last_finalization_error"] = null;
        invoice["parent"] = new JsonObject { ["type"] = "subscription_details", ["subscription_details"] = new JsonObject { ["subscription"] = "sub_test" } };
        return invoice;
    }

    public static JsonObject Envelope(string eventId, string type, JsonObject obj, DateTimeOffset? created = null, JsonObject? previous = null) =>
        StripeFixtures.Event(eventId, type, obj, created ?? T0, previous);

    public static StripeEvent Parse(JsonObject envelope) =>
        StripeEvent.TryParse(envelope.ToJsonString(), out var error) ?? throw new InvalidOperationException(error);
}
