using System.Net;
using Dunning.Sandbox.Domain;

namespace Dunning.Sandbox.Endpoints;

/// <summary>
/// Stand-ins for Stripe's hosted invoice page and billing portal, so a demo customer can act:
/// POST /sandbox/hosted/invoices/{id}/pay?card=pm_card_visa pays the invoice with a new card;
/// POST /sandbox/hosted/portal/{session}/card?card=pm_card_visa attaches a card and makes it the customer's
/// invoice_settings.default_payment_method (payment_method.attached, then customer.updated with previous_attributes), as
/// Stripe's portal is reported to: a subscription's own default_payment_method stays, and no open invoice is paid by it
/// (reports, not Stripe's docs: codecov/codecov-api#630, highlight/highlight#3709, polarsource/polar#14011).
/// </summary>
public static class HostedPageEndpoints
{
    public static void MapHostedPages(this IEndpointRouteBuilder sandbox)
    {
        sandbox.MapGet("/hosted/invoices/{id}", (string id, StripeStore store) =>
        {
            lock (store.Gate)
            {
                var invoice = store.Get("invoice", id);
                return Page($"Invoice {invoice.Str("number")}",
                    $"<p>Status: <b>{invoice.Str("status")}</b>, amount due {invoice.Long("amount_due")} {invoice.Str("currency")}</p>"
                    + $"<form method=post action=\"/sandbox/hosted/invoices/{id}/pay\"><button>Pay with pm_card_visa</button></form>");
            }
        });
        sandbox.MapPost("/hosted/invoices/{id}/pay", (string id, string? card, StripeStore store, InvoicePayer payer) => Guarded(() =>
        {
            lock (store.Gate)
            {
                var result = payer.Pay(store.Get("invoice", id), card ?? "pm_card_visa", false);
                return Results.Ok(new { invoice = id, result.Outcome, declineCode = result.DeclineCode });
            }
        }));
        sandbox.MapGet("/hosted/portal/{session}", (string session, StripeStore store) =>
            Page("Billing portal",
                $"<form method=post action=\"/sandbox/hosted/portal/{WebUtility.HtmlEncode(session)}/card\">"
                + "<button>Update card to pm_card_visa</button></form>"));
        sandbox.MapPost("/hosted/portal/{session}/card", (string session, string? card, StripeStore store, Customers customers) => Guarded(() =>
        {
            lock (store.Gate)
            {
                var customerId = store.Get("billing_portal.session", session).Str("customer")!;
                var customer = customers.Update(customerId,
                    new StripeParams([KeyValuePair.Create("invoice_settings[default_payment_method]", card ?? "pm_card_visa")]));
                return Results.Ok(new { customer = customerId, defaultPaymentMethod = customer["invoice_settings"]?["default_payment_method"]?.ToString() });
            }
        }));
    }

    private static IResult Guarded(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (StripeApiException e)
        {
            return Extensions.StripeApi.Error(e);
        }
    }

    private static IResult Page(string title, string body) =>
        Results.Content($"<!doctype html><title>{WebUtility.HtmlEncode(title)}</title><h1>{WebUtility.HtmlEncode(title)}</h1>{body}", "text/html");
}
