using Stripe;

namespace Dunning.Testing;

/// <summary>
/// What the sandbox recorded about an invoice (or another object), read through its Stripe API: the events it emitted
/// (what Stripe would have sent as webhooks, with the object as it was then) and the failed charge behind a declined payment.
/// </summary>
public static class SandboxInvoiceHistory
{
    /// <summary>The newest event of <paramref name="type"/> (e.g. <c>invoice.payment_failed</c>) about the object <paramref name="objectId"/>.</summary>
    public static async Task<Event> LatestEventAsync(IStripeClient stripe, string objectId, string type)
    {
        await foreach (var e in new EventService(stripe).ListAutoPagingAsync(new EventListOptions { Type = type, Limit = 100 }))
            if (e.Data.Object is IHasId about && about.Id == objectId)
                return e;
        throw new InvalidOperationException($"The sandbox emitted no {type} for {objectId}");
    }

    /// <summary>The newest failed charge of the invoice (payments → payment intent → latest charge), or null.</summary>
    public static async Task<Charge?> LatestFailedChargeAsync(IStripeClient stripe, string invoiceId)
    {
        var payments = await new InvoicePaymentService(stripe).ListAsync(new InvoicePaymentListOptions
        {
            Invoice = invoiceId, Limit = 10, Expand = ["data.payment.payment_intent.latest_charge"],
        });
        return payments.Data.OrderByDescending(p => p.Created).Select(p => p.Payment?.PaymentIntent?.LatestCharge)
            .FirstOrDefault(c => c?.FailureCode is not null);
    }
}
