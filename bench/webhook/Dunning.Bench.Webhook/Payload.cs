using System.Text.Json.Nodes;
using Dunning.Testing;

namespace Dunning.Bench.Webhook;

/// <summary>A realistic event body: fixture invoice (~4 KB) with a card decline, so the webhook needs no Stripe call.</summary>
public static class Payload
{
    private static readonly JsonObject Invoice = Build();

    public static string PaymentFailed(string eventId, string invoiceId)
    {
        var invoice = (JsonObject)Invoice.DeepClone();
        invoice["id"] = invoiceId;
        return StripeFixtures.Event(eventId, "invoice.payment_failed", invoice, DateTimeOffset.UtcNow).ToJsonString();
    }

    private static JsonObject Build()
    {
        var invoice = StripeFixtures.Resource("invoice");
        invoice["customer_email"] = "ada@example.com";
        invoice["attempt_count"] = 1;
        invoice["last_finalization_error"] = new JsonObject { ["type"] = "card_error", ["code"] = "card_declined", ["decline_code"] = "insufficient_funds" };
        return invoice;
    }
}
