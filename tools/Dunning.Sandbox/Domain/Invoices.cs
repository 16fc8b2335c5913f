using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Dunning.Sandbox.Domain;

/// <summary>Invoice life cycle: draft → open (finalized) → paid | void | uncollectible.</summary>
public sealed class Invoices(StripeStore store, SandboxClock clock, EventPublisher events, IOptions<SandboxOptions> options)
{
    public JsonObject Get(string id) => store.Get("invoice", id);

    public JsonObject CreateForSubscription(JsonObject subscription, string billingReason, long now)
    {
        var customer = store.Get("customer", subscription.Str("customer"));
        var invoice = Fixtures.New("invoice");
        var id = Ids.New("in");
        var items = subscription.Obj("items")["data"]!.AsArray().Select(i => i!.AsObject()).ToList();
        var lines = items.Select(item => InvoiceLines.For(id, subscription, item)).ToList();
        var total = lines.Sum(l => l.Long("amount"));

        invoice["id"] = id;
        invoice["created"] = now;
        invoice["account_name"] = "Dunning Sandbox";
        invoice["customer"] = customer.Str("id");
        invoice["customer_email"] = customer.Str("email");
        invoice["customer_name"] = customer.Str("name");
        invoice["currency"] = subscription.Str("currency");
        invoice["billing_reason"] = billingReason;
        invoice["collection_method"] = subscription.Str("collection_method");
        invoice["test_clock"] = customer.Str("test_clock");
        invoice["period_start"] = now;
        invoice["period_end"] = now;
        foreach (var field in new[] { "amount_due", "amount_remaining", "subtotal", "subtotal_excluding_tax", "total", "total_excluding_tax" })
        {
            invoice[field] = total;
        }
        invoice["lines"]!["data"] = new JsonArray(lines.Cast<JsonNode>().ToArray());
        invoice["lines"]!["url"] = $"/v1/invoices/{id}/lines";
        invoice["parent"]!["subscription_details"]!["subscription"] = subscription.Str("id");
        invoice["parent"]!["subscription_details"]!["metadata"] = subscription["metadata"]?.DeepClone();
        store.Add(invoice);
        events.Emit("invoice.created", invoice, now);
        return invoice;
    }

    public void Finalize(JsonObject invoice)
    {
        var customer = store.Get("customer", invoice.Str("customer"));
        var now = clock.NowFor(invoice);
        var sequence = customer.Long("next_invoice_sequence");
        customer["next_invoice_sequence"] = sequence + 1;
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        invoice["status"] = "open";
        invoice["number"] = $"{customer.Str("invoice_prefix")}-{sequence.ToString("0000", CultureInfo.InvariantCulture)}";
        invoice["hosted_invoice_url"] = $"{baseUrl}/sandbox/hosted/invoices/{invoice.Str("id")}";
        invoice["invoice_pdf"] = $"{baseUrl}/sandbox/hosted/invoices/{invoice.Str("id")}/pdf";
        invoice["effective_at"] = now;
        invoice["ending_balance"] = 0;
        invoice["status_transitions"]!["finalized_at"] = now;
        events.Emit("invoice.finalized", invoice, now);
    }

    public JsonObject Void(string id)
    {
        var invoice = Get(id);
        if (invoice.Str("status") is not ("open" or "uncollectible"))
        {
            throw StripeApiException.InvalidRequest(
                $"You can only void an open or uncollectible invoice; this invoice is {invoice.Str("status")}.", code: "invoice_not_editable");
        }
        var now = clock.NowFor(invoice);
        var previous = invoice.Change(("status", "void"));
        invoice["status_transitions"]!["voided_at"] = now;
        events.Emit("invoice.voided", invoice, now, previous);
        return invoice;
    }

    public JsonObject MarkUncollectible(string id)
    {
        var invoice = Get(id);
        if (invoice.Str("status") != "open")
        {
            throw StripeApiException.InvalidRequest(
                $"You can only mark an open invoice as uncollectible; this invoice is {invoice.Str("status")}.", code: "invoice_not_editable");
        }
        var now = clock.NowFor(invoice);
        var previous = invoice.Change(("status", "uncollectible"));
        invoice["status_transitions"]!["marked_uncollectible_at"] = now;
        events.Emit("invoice.marked_uncollectible", invoice, now, previous);
        return invoice;
    }
}
