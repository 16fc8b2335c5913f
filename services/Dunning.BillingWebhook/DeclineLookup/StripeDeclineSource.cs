using Dunning.Contracts;
using Dunning.Platform.Stripe;
using Stripe;

namespace Dunning.BillingWebhook.DeclineLookup;

/// <summary>Asks Stripe why an invoice's payment failed: its payments → payment intent → latest charge (one call, expanded).</summary>
public sealed class StripeDeclineSource(StripeCalls stripe)
{
    public async Task<DeclineDetails?> FetchAsync(string invoiceId, CancellationToken cancellationToken)
    {
        var options = new InvoicePaymentListOptions
        {
            Invoice = invoiceId,
            Limit = 10,
            Expand = ["data.payment.payment_intent.latest_charge", "data.payment.charge"],
        };
        var payments = await stripe.RunAsync((client, ct) => new InvoicePaymentService(client).ListAsync(options, cancellationToken: ct), cancellationToken);
        return payments.Data
            .OrderByDescending(p => p.Created)
            .Select(p => StripeDeclines.FromCharge(p.Payment?.PaymentIntent?.LatestCharge ?? p.Payment?.Charge)
                         ?? StripeDeclines.FromError(p.Payment?.PaymentIntent?.LastPaymentError))
            .FirstOrDefault(d => d is not null);
    }
}
