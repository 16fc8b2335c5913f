using Dunning.Sandbox.Domain;
using Dunning.Sandbox.Extensions;

namespace Dunning.Sandbox.Endpoints;

public static class SubscriptionEndpoints
{
    public static void MapSubscriptions(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/subscriptions", (HttpContext ctx, StripeApi api, Subscriptions subscriptions) =>
            api.RunAsync(ctx, subscriptions.Create));
        v1.MapGet("/subscriptions", (HttpContext ctx, StripeApi api, StripeStore store) =>
            api.RunAsync(ctx, p => StripeList.Page(
                store.All("subscription").Where(s => Matches(s, "customer", p) && Matches(s, "status", p)), p, "/v1/subscriptions")));
        v1.MapGet("/subscriptions/{id}", (string id, HttpContext ctx, StripeApi api, Subscriptions subscriptions) =>
            api.RunAsync(ctx, _ => subscriptions.Get(id)));
        v1.MapPost("/subscriptions/{id}", (string id, HttpContext ctx, StripeApi api, Subscriptions subscriptions) =>
            api.RunAsync(ctx, p => subscriptions.Update(id, p)));
        v1.MapDelete("/subscriptions/{id}", (string id, HttpContext ctx, StripeApi api, Subscriptions subscriptions) =>
            api.RunAsync(ctx, p => subscriptions.Cancel(id, p)));
    }

    private static bool Matches(System.Text.Json.Nodes.JsonObject o, string field, StripeParams p) =>
        p.Get(field) is not { } wanted || o.Str(field) == wanted;
}
