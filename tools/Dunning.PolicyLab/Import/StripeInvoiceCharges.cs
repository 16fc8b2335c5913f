using Dunning.Platform.Stripe;
using Stripe;

namespace Dunning.PolicyLab.Import;

/// <summary>
/// Every charge made for an invoice, oldest first: the invoice's payments (Stripe's invoice payments, expanded on the invoice or
/// listed with <c>GET /v1/invoice_payments?invoice=</c>), then each payment intent's charges (<c>GET /v1/charges?payment_intent=</c>),
/// one charge per attempt. Every call goes through the shared Stripe pipeline and its rate limit.
/// Source: Stripe's API reference for Invoice Payments ("accessed by expanding the <c>payments</c> field on the Invoice resource",
/// an includable property "containing the first handful of those items", or through the list endpoint), as Stripe's SDKs generated
/// from its OpenAPI spec document it; hence the list when the expanded one says <c>has_more</c>.
/// </summary>
public sealed class StripeInvoiceCharges(StripeCalls stripe)
{
    public async Task<IReadOnlyList<Charge>> OfAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        var charges = new List<Charge>();
        foreach (var payment in await PaymentsAsync(invoice, cancellationToken))
        {
            if (payment.Payment?.PaymentIntentId is { } intent) charges.AddRange(await ChargesOfIntentAsync(intent, cancellationToken));
            else if (payment.Payment?.ChargeId is { } id)
                charges.Add(await stripe.RunAsync((client, ct) => new ChargeService(client).GetAsync(id, cancellationToken: ct), cancellationToken));
        }
        return charges.OrderBy(c => c.Created).ToList(); // stable: charges of one second keep Stripe's order
    }

    private async Task<IReadOnlyList<InvoicePayment>> PaymentsAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        if (invoice.Payments is { HasMore: false } expanded) return expanded.Data;
        var payments = new List<InvoicePayment>();
        string? after = null;
        while (true)
        {
            var options = new InvoicePaymentListOptions { Invoice = invoice.Id, Limit = 100, StartingAfter = after };
            var page = await stripe.RunAsync((client, ct) => new InvoicePaymentService(client).ListAsync(options, cancellationToken: ct), cancellationToken);
            payments.AddRange(page.Data);
            if (!page.HasMore || page.Data.Count == 0) return payments;
            after = page.Data[^1].Id;
        }
    }

    /// <summary>Stripe lists newest first; returned oldest first.</summary>
    private async Task<IReadOnlyList<Charge>> ChargesOfIntentAsync(string paymentIntentId, CancellationToken cancellationToken)
    {
        var newestFirst = new List<Charge>();
        string? after = null;
        while (true)
        {
            var options = new ChargeListOptions { PaymentIntent = paymentIntentId, Limit = 100, StartingAfter = after };
            var page = await stripe.RunAsync((client, ct) => new ChargeService(client).ListAsync(options, cancellationToken: ct), cancellationToken);
            newestFirst.AddRange(page.Data);
            if (!page.HasMore || page.Data.Count == 0) break;
            after = page.Data[^1].Id;
        }
        newestFirst.Reverse();
        return newestFirst;
    }
}
