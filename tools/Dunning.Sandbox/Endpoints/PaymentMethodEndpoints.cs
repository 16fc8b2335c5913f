using Dunning.Sandbox.Domain;
using Dunning.Sandbox.Extensions;

namespace Dunning.Sandbox.Endpoints;

public static class PaymentMethodEndpoints
{
    public static void MapPaymentMethods(this IEndpointRouteBuilder v1)
    {
        v1.MapGet("/payment_methods/{id}", (string id, HttpContext ctx, StripeApi api, StripeStore store) =>
            api.RunAsync(ctx, _ => store.Get("payment_method", id)));
        v1.MapPost("/payment_methods/{id}", (string id, HttpContext ctx, StripeApi api, PaymentMethods paymentMethods) =>
            api.RunAsync(ctx, p => paymentMethods.Update(id, p)));
        v1.MapPost("/payment_methods/{id}/attach", (string id, HttpContext ctx, StripeApi api, PaymentMethods paymentMethods) =>
            api.RunAsync(ctx, p => paymentMethods.Attach(id, p.Required("customer"))));
    }
}
