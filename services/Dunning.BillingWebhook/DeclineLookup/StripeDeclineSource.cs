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
            .Select(p => FromCharge(p.Payment?.PaymentIntent?.LatestCharge ?? p.Payment?.Charge) ?? FromError(p.Payment?.PaymentIntent?.LastPaymentError))
            .FirstOrDefault(d => d is not null);
    }

    /// <summary>A payment intent's last error, for an intent whose failed charge is not at hand.</summary>
    public static DeclineDetails? FromError(StripeError? error) => error?.Code is not { } code ? null : new DeclineDetails(
        FailureCode: code,
        DeclineCode: error.DeclineCode,
        AdviceCode: error.AdviceCode,
        NetworkDeclineCode: error.NetworkDeclineCode,
        NetworkAdviceCode: error.NetworkAdviceCode,
        CardBrand: error.PaymentMethod?.Card?.Brand,
        CardFingerprint: error.PaymentMethod?.Card?.Fingerprint,
        PaymentMethodId: error.PaymentMethod?.Id);

    public static DeclineDetails? FromCharge(Charge? charge) => charge?.FailureCode is not { } failureCode ? null : new DeclineDetails(
        FailureCode: failureCode,
        DeclineCode: charge.Outcome?.Reason,
        AdviceCode: charge.Outcome?.AdviceCode,
        NetworkDeclineCode: charge.Outcome?.NetworkDeclineCode,
        NetworkAdviceCode: charge.Outcome?.NetworkAdviceCode,
        CardBrand: charge.PaymentMethodDetails?.Card?.Brand,
        CardFingerprint: charge.PaymentMethodDetails?.Card?.Fingerprint,
        PaymentMethodId: charge.PaymentMethod);
}
