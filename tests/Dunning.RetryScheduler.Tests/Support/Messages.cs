using Dunning.Contracts;
using Stripe;

namespace Dunning.RetryScheduler.Tests.Support;

/// <summary>
/// The contract messages BillingWebhook would publish for what happened in the sandbox, built from the sandbox's
/// own objects (ids, amounts, attempt counts, the charge's decline and card), so the scheduler acts on real invoices.
/// </summary>
public static class Messages
{
    /// <summary><c>invoice.payment_failed</c> for the invoice as the sandbox has it now, with its latest failed charge's decline.</summary>
    public static async Task<PaymentFailed> FailedAsync(IStripeClient stripe, string invoiceId)
    {
        var invoice = await new InvoiceService(stripe).GetAsync(invoiceId);
        var decline = await SandboxDeclines.LatestAsync(stripe, invoiceId) ?? throw new InvalidOperationException($"{invoiceId} has no failed charge");
        return new PaymentFailed($"evt_failed_{invoiceId}_{Guid.NewGuid():N}", invoice.Id, invoice.CustomerId,
            invoice.Parent?.SubscriptionDetails?.SubscriptionId,
            invoice.CustomerEmail, invoice.AmountDue, invoice.Currency, (int)invoice.AttemptCount, decline, invoice.HostedInvoiceUrl,
            invoice.NextPaymentAttempt, DateTimeOffset.UtcNow);
    }

    /// <summary><c>invoice.paid</c> for an invoice the sandbox has as paid.</summary>
    public static async Task<PaymentSucceeded> SucceededAsync(IStripeClient stripe, string invoiceId)
    {
        var invoice = await new InvoiceService(stripe).GetAsync(invoiceId);
        if (invoice.Status != "paid") throw new InvalidOperationException($"{invoiceId} is {invoice.Status}, not paid");
        return new PaymentSucceeded($"evt_paid_{invoiceId}", invoice.Id, invoice.CustomerId, invoice.Parent?.SubscriptionDetails?.SubscriptionId,
            invoice.AmountPaid, invoice.Currency, null, DateTimeOffset.UtcNow);
    }

    /// <summary>Attaches the test card to the customer and makes it the default, as the customer would in the billing portal.</summary>
    public static async Task<PaymentMethodUpdated> NewDefaultCardAsync(IStripeClient stripe, string customerId, string cardToken)
    {
        var card = await new PaymentMethodService(stripe).AttachAsync($"{cardToken}__{Guid.NewGuid():N}",
            new PaymentMethodAttachOptions { Customer = customerId });
        await new CustomerService(stripe).UpdateAsync(customerId, new CustomerUpdateOptions
        {
            InvoiceSettings = new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = card.Id },
        });
        return new PaymentMethodUpdated($"evt_pm_{card.Id}", customerId, card.Id, card.Card.Brand, card.Card.Fingerprint, DateTimeOffset.UtcNow);
    }

    /// <summary>Voids the invoice in the sandbox: <c>invoice.voided</c>.</summary>
    public static async Task<InvoiceVoided> VoidedAsync(IStripeClient stripe, string invoiceId)
    {
        var invoice = await new InvoiceService(stripe).VoidInvoiceAsync(invoiceId);
        return new InvoiceVoided($"evt_void_{invoiceId}", invoice.Id, invoice.CustomerId, invoice.Parent?.SubscriptionDetails?.SubscriptionId,
            DateTimeOffset.UtcNow);
    }
}
