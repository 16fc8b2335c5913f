using Dunning.Sandbox.Domain;
using Dunning.Sandbox.Extensions;

namespace Dunning.Sandbox.Endpoints;

public static class PriceEndpoints
{
    public static void MapPrices(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/prices", (HttpContext ctx, StripeApi api, Prices prices) =>
            api.RunAsync(ctx, p => prices.Create(p)));
        v1.MapGet("/prices/{id}", (string id, HttpContext ctx, StripeApi api, Prices prices) =>
            api.RunAsync(ctx, _ => prices.Get(id)));
    }
}
