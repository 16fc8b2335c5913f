using Dunning.Sandbox.Domain;
using Dunning.Sandbox.Extensions;

namespace Dunning.Sandbox.Endpoints;

public static class CustomerEndpoints
{
    public static void MapCustomers(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/customers", (HttpContext ctx, StripeApi api, Customers customers) =>
            api.RunAsync(ctx, customers.Create));
        v1.MapGet("/customers/{id}", (string id, HttpContext ctx, StripeApi api, StripeStore store) =>
            api.RunAsync(ctx, _ => store.Get("customer", id)));
        v1.MapPost("/customers/{id}", (string id, HttpContext ctx, StripeApi api, Customers customers) =>
            api.RunAsync(ctx, p => customers.Update(id, p)));
        v1.MapGet("/customers/{id}/payment_methods", (string id, HttpContext ctx, StripeApi api, StripeStore store) =>
            api.RunAsync(ctx, p =>
            {
                store.Get("customer", id);
                return StripeList.Page(store.All("payment_method").Where(pm => pm.Str("customer") == id), p, $"/v1/customers/{id}/payment_methods");
            }));
    }
}
