using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using Newtonsoft.Json;
using Stripe;

namespace Dunning.Sandbox.Tests.Contract;

/// <summary>
/// Checks a JSON object against Stripe.net's typed model for the pinned API version: every key must be one the model
/// declares (its Newtonsoft <c>[JsonProperty]</c> names, public or internal), recursively. Stripe.net ignores keys it
/// does not know, so a sandbox field Stripe does not send (e.g. <c>invoice.subscription</c>, removed in basil) would
/// otherwise pass silently and let a service depend on it.
/// </summary>
public static class StripeModelContract
{
    /// <summary>Stripe object type → Stripe.net model, for the objects the sandbox answers with or sends.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Models = new Dictionary<string, Type>
    {
        ["customer"] = typeof(Customer),
        ["payment_method"] = typeof(PaymentMethod),
        ["subscription"] = typeof(Subscription),
        ["subscription_item"] = typeof(SubscriptionItem),
        ["invoice"] = typeof(Invoice),
        ["line_item"] = typeof(InvoiceLineItem),
        ["invoice_payment"] = typeof(InvoicePayment),
        ["payment_intent"] = typeof(PaymentIntent),
        ["charge"] = typeof(Charge),
        ["price"] = typeof(Price),
        ["plan"] = typeof(Plan),
        ["product"] = typeof(Product),
        ["test_helpers.test_clock"] = typeof(Stripe.TestHelpers.TestClock),
        ["billing_portal.session"] = typeof(Stripe.BillingPortal.Session),
        ["webhook_endpoint"] = typeof(WebhookEndpoint),
        ["event"] = typeof(Event),
    };

    /// <summary>
    /// Fields Stripe includes only when asked for with <c>expand[]</c> ("includable"), so never in a webhook's
    /// <c>data.object</c> nor in an answer that did not expand them. Sources: invoice.payments — Stripe's API reference
    /// for GET /v1/invoice_payments ("there is an includable payments property"); charge.refunds — changelog
    /// 2022-11-15 "The Charges object no longer auto-expands refunds"; customer.sources/subscriptions/tax_ids —
    /// changelog 2020-08-27 (no longer included by default).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Includable = new Dictionary<string, string[]>
    {
        ["invoice"] = ["payments"],
        ["charge"] = ["refunds"],
        ["customer"] = ["sources", "subscriptions", "tax_ids", "cash_balance", "invoice_credit_balance"],
    };

    /// <summary>Every problem found in <paramref name="json"/>, a Stripe object named by its <c>object</c> key, as "path: problem".</summary>
    public static List<string> Check(JsonObject json, string path, bool expanded = false)
    {
        var problems = new List<string>();
        var type = ModelOf(json, path, problems);
        if (type is not null) Walk(json, type, path, problems, expanded);
        return problems;
    }

    private static Type? ModelOf(JsonObject json, string path, List<string> problems)
    {
        var name = json["object"]?.GetValue<string>();
        if (name is null)
        {
            problems.Add($"{path}: no \"object\" key");
            return null;
        }
        if (name == "list") return typeof(StripeList<StripeEntity>);
        if (!Models.TryGetValue(name, out var type)) problems.Add($"{path}: object \"{name}\" has no model in the contract");
        return type;
    }

    private static void Walk(JsonNode? node, Type type, string path, List<string> problems, bool expanded)
    {
        if (node is null) return;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ExpandableField<>))
        {
            if (node is JsonObject) Walk(node, type.GetGenericArguments()[0], path, problems, expanded);
            return;
        }
        if (type == typeof(string) || type.IsPrimitive || type == typeof(DateTime) || type == typeof(decimal) || type.IsEnum) return;
        if (IsDictionary(type)) return; // metadata and other free-form maps
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType && !typeof(StripeEntity).IsAssignableFrom(type))
        {
            var element = type.GetGenericArguments()[0];
            if (node is JsonArray items)
            {
                for (var i = 0; i < items.Count; i++) Walk(items[i], element, $"{path}[{i}]", problems, expanded);
            }
            return;
        }
        if (node is not JsonObject obj) return;
        if (type.IsInterface || type == typeof(object) || type == typeof(StripeEntity))
        {
            // Polymorphic (IHasObject, IPaymentSource, an event's data.object): the "object" key names the model.
            if (ModelOf(obj, path, problems) is { } model) Walk(obj, model, path, problems, expanded);
            return;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(StripeList<>) && type.GetGenericArguments()[0] == typeof(StripeEntity))
        {
            type = typeof(StripeList<>).MakeGenericType(typeof(IHasObject));
        }
        var properties = PropertiesOf(type);
        var objectName = obj["object"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        foreach (var (key, value) in obj)
        {
            if (!properties.TryGetValue(key, out var property))
            {
                problems.Add($"{path}.{key}: not in Stripe.net's {type.Name}");
                continue;
            }
            if (!expanded && objectName is not null && Includable.TryGetValue(objectName, out var includable) && includable.Contains(key))
            {
                problems.Add($"{path}.{key}: includable (expand-only), yet present");
            }
            Walk(value, property.PropertyType, $"{path}.{key}", problems, expanded);
        }
    }

    private static bool IsDictionary(Type type) =>
        type.IsGenericType && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));

    private static Dictionary<string, PropertyInfo> PropertiesOf(Type type)
    {
        var properties = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var property in t.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (property.GetCustomAttribute<JsonPropertyAttribute>()?.PropertyName is { } name) properties.TryAdd(name, property);
            }
        }
        return properties;
    }
}
