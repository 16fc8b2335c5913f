using Dunning.Sandbox.Domain;
using Dunning.Sandbox.Extensions;

namespace Dunning.Sandbox.Endpoints;

public static class EventEndpoints
{
    public static void MapEvents(this IEndpointRouteBuilder v1)
    {
        v1.MapGet("/events", (HttpContext ctx, StripeApi api, StripeStore store) =>
            api.RunAsync(ctx, p =>
            {
                var types = p.List("types").Append(p.Get("type")).OfType<string>().ToList();
                return StripeList.Page(
                    store.All("event").Where(e => (types.Count == 0 || types.Any(t => TypeMatches(e.Str("type")!, t))) && CreatedFilter.Matches(e, p)),
                    p, "/v1/events");
            }));
        v1.MapGet("/events/{id}", (string id, HttpContext ctx, StripeApi api, StripeStore store) =>
            api.RunAsync(ctx, _ => store.Get("event", id)));
    }

    /// <summary>Stripe's type filter accepts a trailing wildcard: "invoice.*".</summary>
    private static bool TypeMatches(string type, string filter) =>
        filter.EndsWith(".*", StringComparison.Ordinal) ? type.StartsWith(filter[..^1], StringComparison.Ordinal) : type == filter;
}
