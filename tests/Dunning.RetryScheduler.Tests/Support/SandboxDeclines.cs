using Dunning.Contracts;
using Dunning.Testing;
using Stripe;

namespace Dunning.RetryScheduler.Tests.Support;

/// <summary>Why the sandbox declined an invoice's payment, read the way BillingWebhook's decline lookup reads Stripe.</summary>
public static class SandboxDeclines
{
    /// <summary>The newest failed charge's decline (payments → payment intent → latest charge), or null.</summary>
    public static async Task<DeclineDetails?> LatestAsync(IStripeClient stripe, string invoiceId) =>
        FromCharge(await SandboxInvoiceHistory.LatestFailedChargeAsync(stripe, invoiceId));

    /// <summary>The sandbox's <c>invoice.payment_failed</c> event for the invoice caused by the request with this idempotency key, or null.</summary>
    public static async Task<Event?> PaymentFailedEventAsync(IStripeClient stripe, string invoiceId, string idempotencyKey)
    {
        await foreach (var e in new EventService(stripe).ListAutoPagingAsync(new EventListOptions { Type = "invoice.payment_failed", Limit = 100 }))
            if (e.Data.Object is Invoice { } invoice && invoice.Id == invoiceId && e.Request?.IdempotencyKey == idempotencyKey)
                return e;
        return null;
    }

    private static DeclineDetails? FromCharge(Charge? charge) => charge?.FailureCode is not { } failureCode ? null : new DeclineDetails(
        failureCode, charge.Outcome?.Reason, charge.Outcome?.AdviceCode, charge.Outcome?.NetworkDeclineCode, charge.Outcome?.NetworkAdviceCode,
        charge.PaymentMethodDetails?.Card?.Brand, charge.PaymentMethodDetails?.Card?.Fingerprint, charge.PaymentMethod);
}
