using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>
/// Stripe's <c>created</c> list filter: an exact timestamp (<c>created=t</c>) or a range (<c>created[gt]</c>, <c>[gte]</c>,
/// <c>[lt]</c>, <c>[lte]</c>), in Unix seconds. Documented for List all invoices ("Only return invoices that were created during
/// the given date interval", docs.stripe.com/api/invoices/list) and List all events (docs.stripe.com/api/events/list).
/// </summary>
public static class CreatedFilter
{
    public static bool Matches(JsonObject obj, StripeParams p)
    {
        var created = obj.Long("created");
        return (p.Long("created") is not { } exact || created == exact)
            && (p.Long("created[gt]") is not { } gt || created > gt)
            && (p.Long("created[gte]") is not { } gte || created >= gte)
            && (p.Long("created[lt]") is not { } lt || created < lt)
            && (p.Long("created[lte]") is not { } lte || created <= lte);
    }
}
