using Dunning.Sandbox.Domain;
using Dunning.Sandbox.Extensions;

namespace Dunning.Sandbox.Endpoints;

/// <summary>
/// POST /v1/invoices/{id}/pay: 200 with the paid invoice, or Stripe's 402 card_error with the decline.
/// Every executed call is written to the sandbox record (idempotent replays never get here).
/// </summary>
public sealed class InvoicePayCall(StripeStore store, InvoicePayer payer, Expander expander, SandboxRecord record)
{
    public async Task<IResult> RunAsync(HttpContext context, string invoiceId)
    {
        var p = await context.Request.ReadParamsAsync();
        var key = context.Request.Headers["Idempotency-Key"].FirstOrDefault();
        try
        {
            lock (store.Gate)
            {
                var invoice = store.Get("invoice", invoiceId);
                var result = payer.Pay(invoice, p.Get("payment_method"), p.Bool("paid_out_of_band") == true);
                record.AddPayCall(invoiceId, key, result.Outcome, result.DeclineCode, result.Charge?.Str("id"));
                return result.Error is { } error
                    ? StripeApi.Error(new StripeApiException(402, error))
                    : StripeApi.Json(expander.Expand(invoice, p.List("expand")).DeepClone(), 200);
            }
        }
        catch (StripeApiException e)
        {
            record.AddPayCall(invoiceId, key, "rejected", e.Error["code"]?.GetValue<string>(), null);
            return StripeApi.Error(e);
        }
    }
}
