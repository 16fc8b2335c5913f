using System.Text.Json.Nodes;
using Dunning.Sandbox.Domain;
using Dunning.Sandbox.Extensions;

namespace Dunning.Sandbox.Endpoints;

public static class InvoiceEndpoints
{
    public static void MapInvoices(this IEndpointRouteBuilder v1)
    {
        v1.MapGet("/invoices", (HttpContext ctx, StripeApi api, StripeStore store) =>
            api.RunAsync(ctx, p => StripeList.Page(store.All("invoice").Where(i => Matches(i, p)), p, "/v1/invoices")));
        v1.MapGet("/invoices/{id}", (string id, HttpContext ctx, StripeApi api, Invoices invoices) =>
            api.RunAsync(ctx, _ => invoices.Get(id)));
        v1.MapPost("/invoices/{id}/pay", (string id, HttpContext ctx, StripeApi api, InvoicePayCall pay) =>
            pay.RunAsync(ctx, id));
        v1.MapPost("/invoices/{id}/void", (string id, HttpContext ctx, StripeApi api, Invoices invoices) =>
            api.RunAsync(ctx, _ => invoices.Void(id)));
        v1.MapPost("/invoices/{id}/mark_uncollectible", (string id, HttpContext ctx, StripeApi api, Invoices invoices) =>
            api.RunAsync(ctx, _ => invoices.MarkUncollectible(id)));
    }

    /// <summary>The filters of List all invoices (docs.stripe.com/api/invoices/list) the sandbox keeps: customer, status, subscription, created.</summary>
    private static bool Matches(JsonObject invoice, StripeParams p) =>
        CreatedFilter.Matches(invoice, p)
        && (p.Get("customer") is not { } customer || invoice.Str("customer") == customer)
        && (p.Get("status") is not { } status || invoice.Str("status") == status)
        && (p.Get("subscription") is not { } sub || invoice["parent"]?["subscription_details"]?["subscription"]?.GetValue<string>() == sub);
}
