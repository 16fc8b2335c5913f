using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>Customer create and update, including the default payment method and preferred locales.</summary>
public sealed class Customers(StripeStore store, SandboxClock clock, PaymentMethods paymentMethods, EventPublisher events)
{
    public JsonObject Create(StripeParams p)
    {
        var clockId = p.Get("test_clock");
        if (clockId is not null) store.Get("test_helpers.test_clock", clockId, "test_clock");
        var now = clock.Now(clockId);
        var customer = Fixtures.New("customer");
        var id = Ids.New("cus", 14);
        customer["id"] = id;
        customer["created"] = now;
        customer["invoice_prefix"] = Ids.Stable(id, 8).ToUpperInvariant();
        customer["test_clock"] = clockId;
        Apply(customer, p);
        store.Add(customer);
        events.Emit("customer.created", customer, now);

        var attached = p.Get("payment_method") is { } token ? paymentMethods.AttachTo(token, customer) : null;
        if (p.Get("invoice_settings[default_payment_method]") is { } pm)
        {
            Update(customer, Params(attached is not null && pm == p.Get("payment_method") ? attached.Str("id")! : pm));
        }
        return customer;
    }

    public JsonObject Update(string id, StripeParams p) => Update(store.Get("customer", id), p);

    private JsonObject Update(JsonObject customer, StripeParams p)
    {
        var before = (JsonObject)customer.DeepClone();
        Apply(customer, p);
        if (p.Get("invoice_settings[default_payment_method]") is { } pmId)
        {
            var settings = customer.Obj("invoice_settings");
            settings["default_payment_method"] = pmId.Length == 0 ? null : paymentMethods.ForCustomer(pmId, customer).Str("id");
        }
        var previous = Previous(before, customer);
        if (previous.Count > 0) events.Emit("customer.updated", customer, clock.NowFor(customer), previous);
        return customer;
    }

    private static void Apply(JsonObject customer, StripeParams p)
    {
        foreach (var field in new[] { "email", "name", "description", "phone" })
        {
            if (p.Get(field) is { } value) customer[field] = value.Length == 0 ? null : value;
        }
        if (p.Has("preferred_locales"))
        {
            customer["preferred_locales"] = new JsonArray(p.List("preferred_locales").Where(l => l.Length > 0).Select(l => (JsonNode)l).ToArray());
        }
        if (p.Has("metadata")) customer["metadata"] = Metadata.Merge(customer["metadata"] as JsonObject, p);
    }

    private static JsonObject Previous(JsonObject before, JsonObject after)
    {
        var previous = new JsonObject();
        foreach (var (key, value) in before)
        {
            if (!JsonNode.DeepEquals(value, after[key])) previous[key] = value?.DeepClone();
        }
        return previous;
    }

    private static StripeParams Params(string defaultPaymentMethod) =>
        new([KeyValuePair.Create("invoice_settings[default_payment_method]", defaultPaymentMethod)]);
}
