using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>Subscription create (first invoice charged at once), update, cancel.</summary>
public sealed class Subscriptions(StripeStore store, SandboxClock clock, Prices prices, PaymentMethods paymentMethods,
    Invoices invoices, InvoicePayer payer, EventPublisher events)
{
    public static readonly IReadOnlyList<string> CancellationReasons = ["cancellation_requested", "payment_failed", "payment_disputed"];

    public JsonObject Get(string id) => store.Get("subscription", id);

    public JsonObject Create(StripeParams p)
    {
        var customer = store.Get("customer", p.Required("customer"), "customer");
        var now = clock.NowFor(customer);
        var sub = Fixtures.New("subscription");
        var id = Ids.New("sub");
        sub["id"] = id;
        sub["customer"] = customer.Str("id");
        sub["created"] = now;
        sub["start_date"] = now;
        sub["billing_cycle_anchor"] = now;
        sub["status"] = "incomplete";
        sub["test_clock"] = customer.Str("test_clock");
        sub["collection_method"] = p.Get("collection_method") ?? "charge_automatically";
        sub["description"] = p.Get("description");
        sub["metadata"] = Metadata.Merge(null, p);
        if (p.Get("default_payment_method") is { } pm) sub["default_payment_method"] = paymentMethods.ForCustomer(pm, customer).Str("id");

        var items = Items(p, id, now);
        var currencies = items.Select(i => i["price"]!["currency"]!.GetValue<string>()).Distinct().ToList();
        if (currencies.Count != 1) throw StripeApiException.InvalidRequest("All prices on a subscription must have the same currency.", "items");
        sub["currency"] = currencies[0];
        sub["items"]!["data"] = new JsonArray(items.Cast<JsonNode>().ToArray());
        sub["items"]!["url"] = $"/v1/subscription_items?subscription={id}";
        store.Add(sub);

        var invoice = invoices.CreateForSubscription(sub, "subscription_create", now);
        sub["latest_invoice"] = invoice.Str("id");
        events.Emit("customer.subscription.created", sub, now);
        invoices.Finalize(invoice);
        if (sub.Str("collection_method") == "charge_automatically") payer.AttemptAutomatically(invoice);
        return sub;
    }

    public JsonObject Update(string id, StripeParams p)
    {
        var sub = Get(id);
        var customer = store.Get("customer", sub.Str("customer"));
        var changes = new List<(string, JsonNode?)>();
        if (p.Get("default_payment_method") is { } pm)
        {
            changes.Add(("default_payment_method", pm.Length == 0 ? null : paymentMethods.ForCustomer(pm, customer).Str("id")));
        }
        if (p.Bool("cancel_at_period_end") is { } atEnd) changes.Add(("cancel_at_period_end", atEnd));
        if (p.Has("metadata")) changes.Add(("metadata", Metadata.Merge(sub["metadata"] as JsonObject, p)));
        var previous = sub.Change([.. changes]);
        if (previous.Count > 0) events.Emit("customer.subscription.updated", sub, clock.NowFor(sub), previous);
        return sub;
    }

    /// <summary>Cancels now. Stripe sets cancellation_details.reason to cancellation_requested; the sandbox also
    /// accepts cancellation_details[reason]=payment_failed|payment_disputed to play Stripe's own dunning cancels.</summary>
    public JsonObject Cancel(string id, StripeParams p)
    {
        var sub = Get(id);
        if (sub.Str("status") == "canceled")
        {
            throw StripeApiException.InvalidRequest(
                $"A canceled subscription can only update its cancellation_details and metadata: {id}", code: "resource_missing");
        }
        var reason = p.Get("cancellation_details[reason]") ?? "cancellation_requested";
        if (!CancellationReasons.Contains(reason))
            throw StripeApiException.InvalidRequest($"Invalid cancellation_details[reason]: {reason}", "cancellation_details[reason]");
        var now = clock.NowFor(sub);
        sub["status"] = "canceled";
        sub["canceled_at"] = now;
        sub["ended_at"] = now;
        sub["cancellation_details"] = new JsonObject
        {
            ["comment"] = p.Get("cancellation_details[comment]"),
            ["feedback"] = p.Get("cancellation_details[feedback]"),
            ["reason"] = reason,
        };
        events.Emit("customer.subscription.deleted", sub, now);
        return sub;
    }

    private List<JsonObject> Items(StripeParams p, string subscriptionId, long now)
    {
        var items = p.Objects("items");
        if (items.Count == 0) throw StripeApiException.InvalidRequest("Missing required param: items.", "items", "parameter_missing");
        return items.Select(item =>
        {
            var price = item.Get("price") is { } priceId ? prices.Get(priceId) : prices.Create(item, "price_data");
            if (price["recurring"] is not JsonObject recurring) throw StripeApiException.InvalidRequest("The price must be recurring.", "items[0][price]");
            var si = Fixtures.New("subscription_item");
            si["id"] = Ids.New("si", 14);
            si["created"] = now;
            si["subscription"] = subscriptionId;
            si["quantity"] = item.Long("quantity") ?? 1;
            si["price"] = price.DeepClone();
            si["plan"] = Plan(price);
            si["current_period_start"] = now;
            si["current_period_end"] = BillingPeriod.End(now, recurring.Str("interval")!, recurring.Long("interval_count"));
            return si;
        }).ToList();
    }

    private static JsonObject Plan(JsonObject price)
    {
        var plan = (JsonObject)Fixtures.New("subscription_item").Obj("plan").DeepClone();
        plan["id"] = price.Str("id");
        plan["amount"] = price.Long("unit_amount");
        plan["amount_decimal"] = price.Str("unit_amount_decimal");
        plan["currency"] = price.Str("currency");
        plan["product"] = price.Str("product");
        plan["created"] = price.Long("created");
        plan["interval"] = price["recurring"]!["interval"]!.DeepClone();
        plan["interval_count"] = price["recurring"]!["interval_count"]!.DeepClone();
        return plan;
    }
}
