using Dunning.Sandbox.Domain;
using Dunning.Sandbox.Extensions;

namespace Dunning.Sandbox.Endpoints;

/// <summary>Read-only payment details behind an invoice: invoice payments, payment intents, charges.</summary>
public static class PaymentEndpoints
{
    public static void MapPayments(this IEndpointRouteBuilder v1)
    {
        v1.MapGet("/invoice_payments", (HttpContext ctx, StripeApi api, StripeStore store) =>
            api.RunAsync(ctx, p => StripeList.Page(
                (p.Get("invoice") is { } invoice ? store.PaymentsOf(invoice) : store.All("invoice_payment")), p, "/v1/invoice_payments")));
        v1.MapGet("/invoice_payments/{id}", (string id, HttpContext ctx, StripeApi api, StripeStore store) =>
            api.RunAsync(ctx, _ => store.Get("invoice_payment", id)));
        v1.MapGet("/payment_intents/{id}", (string id, HttpContext ctx, StripeApi api, StripeStore store) =>
            api.RunAsync(ctx, _ => store.Get("payment_intent", id)));
        v1.MapGet("/charges/{id}", (string id, HttpContext ctx, StripeApi api, StripeStore store) =>
            api.RunAsync(ctx, _ => store.Get("charge", id)));
        v1.MapGet("/charges", (HttpContext ctx, StripeApi api, StripeStore store) =>
            api.RunAsync(ctx, p => StripeList.Page(
                store.All("charge").Where(c => (p.Get("customer") is not { } customer || c.Str("customer") == customer)
                    && (p.Get("payment_intent") is not { } pi || c.Str("payment_intent") == pi)), p, "/v1/charges")));
    }
}
