using System.Net.Http.Json;
using Dunning.Sandbox.Domain;
using Dunning.Testing;
using Stripe;

namespace Dunning.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class RecoveryFlowTests(SandboxFixture sandbox)
{
    private readonly Billing _billing = new(sandbox.Stripe);

    [Fact]
    public async Task Declined_invoice_is_signed_and_delivered_then_a_new_card_pays_it()
    {
        var customer = await _billing.CustomerWithCardAsync("pm_card_chargeCustomerFail");
        var subscription = await _billing.SubscribeAsync(customer.Id);
        Assert.Equal("incomplete", subscription.Status);

        var failed = await sandbox.Receiver.WaitForAsync("invoice.payment_failed", e => ((Invoice)e.Data.Object).Id == subscription.LatestInvoiceId);
        var failedInvoice = (Invoice)failed.Data.Object;
        Assert.Equal(subscription.Id, failedInvoice.Parent.SubscriptionDetails.SubscriptionId);
        Assert.Equal(1, failedInvoice.AttemptCount);
        Assert.Equal(1900, failedInvoice.AmountDue);
        Assert.Null(failedInvoice.NextPaymentAttempt);
        Assert.Equal("2026-10-28.endive", failed.ApiVersion);

        var expanded = await new InvoiceService(sandbox.Stripe).GetAsync(failedInvoice.Id, new InvoiceGetOptions
        {
            Expand = ["payments.data.payment.payment_intent.latest_charge"],
        });
        var charge = expanded.Payments.Data.Single().Payment.PaymentIntent.LatestCharge;
        Assert.Equal("card_declined", charge.FailureCode);
        Assert.Equal("generic_decline", charge.Outcome.Reason);
        Assert.Equal("issuer_declined", charge.Outcome.Type);
        Assert.Equal("visa", charge.PaymentMethodDetails.Card.Brand);
        Assert.False(string.IsNullOrEmpty(charge.PaymentMethodDetails.Card.Fingerprint));

        var visa = await new PaymentMethodService(sandbox.Stripe).AttachAsync("pm_card_visa", new PaymentMethodAttachOptions { Customer = customer.Id });
        await _billing.DefaultCardAsync(customer.Id, visa.Id);
        var paid = await new InvoiceService(sandbox.Stripe).PayAsync(failedInvoice.Id);
        Assert.Equal("paid", paid.Status);
        Assert.Equal(1900, paid.AmountPaid);

        var paidEvent = await sandbox.Receiver.WaitForAsync("invoice.paid", e => ((Invoice)e.Data.Object).Id == failedInvoice.Id);
        Assert.Equal(1, ((Invoice)paidEvent.Data.Object).AttemptCount); // a manual attempt after the first does not count
        var active = await sandbox.Receiver.WaitForAsync("customer.subscription.updated", e => ((Subscription)e.Data.Object).Id == subscription.Id);
        Assert.Equal("active", ((Subscription)active.Data.Object).Status);
        Assert.Empty(sandbox.Receiver.Rejected);
    }

    [Fact]
    public async Task Delivery_is_retried_after_the_endpoint_answers_500()
    {
        Interlocked.Exchange(ref sandbox.Receiver.FailNext, 1);
        var customer = await new CustomerService(sandbox.Stripe).CreateAsync(new CustomerCreateOptions { Email = "retry@example.com" });
        await sandbox.Receiver.WaitForAsync("customer.created", e => ((Customer)e.Data.Object).Id == customer.Id);

        List<WebhookDeliveryRecord> deliveries = [];
        await Eventually.HoldsAsync(async () =>
        {
            deliveries = (await sandbox.Http.GetFromJsonAsync<List<WebhookDeliveryRecord>>("/sandbox/record/webhooks"))!;
            return deliveries.Any(d => d.Status == 500);
        }, what: "a delivery answered 500");
        var refused = deliveries.First(d => d.Status == 500);
        Assert.False(refused.Delivered);
        await Eventually.HoldsAsync(
            () => sandbox.Receiver.Events.Any(e => e.Id == refused.EventId),
            $"redelivery of {refused.EventId}");
        var retried = (await sandbox.Http.GetFromJsonAsync<List<WebhookDeliveryRecord>>($"/sandbox/record/webhooks?eventId={refused.EventId}"))!;
        Assert.Contains(retried, d => d.Attempt == refused.Attempt + 1 && d.Delivered);
    }
}
