using System.Net;
using Dunning.BillingWebhook.Tests.Mapping;
using Dunning.BillingWebhook.Tests.Support;
using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Intake;

public sealed class DeclineLookupTests(WebhookServiceFixture fixture) : IClassFixture<WebhookServiceFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private WebhookService Service => fixture.Service;

    [Fact]
    public async Task Failure_without_decline_details_is_published_with_the_decline_stripe_reports()
    {
        Service.Stripe.DeclineInvoice("in_ask_stripe", InvoiceEventMapperTests.FailedCharge("insufficient_funds"));

        var response = await Service.Client.PostAsync(Events.Envelope("evt_ask_stripe", "invoice.payment_failed", Events.InvoiceWithoutDecline("in_ask_stripe")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.HoldsAsync(async () => await Service.OutboxCountAsync(
            "body->>'sourceEventId' = 'evt_ask_stripe' AND body->'decline'->>'declineCode' = 'insufficient_funds' AND body->'decline'->>'cardFingerprint' = 'AOB934RVNwzk6xtn'") == 1,
            Timeout, "the failure is published with Stripe's decline details");
        Assert.Contains("in_ask_stripe", Service.Stripe.Requests);
    }

    [Fact]
    public async Task Failure_stripe_knows_no_decline_for_is_published_without_details()
    {
        await Service.Client.PostAsync(Events.Envelope("evt_no_charge", "invoice.payment_failed", Events.InvoiceWithoutDecline("in_no_charge")));

        await Eventually.HoldsAsync(async () => await Service.OutboxCountAsync("body->>'sourceEventId' = 'evt_no_charge' AND body->'decline'->>'declineCode' IS NULL") == 1,
            Timeout, "the failure is published without decline details");
    }

    [Fact]
    public async Task Failure_with_decline_details_in_the_event_does_not_call_stripe()
    {
        await Service.Client.PostAsync(Events.Envelope("evt_has_decline", "invoice.payment_failed", Events.Invoice("in_has_decline")));

        Assert.Equal(1, await Service.OutboxCountAsync("body->>'sourceEventId' = 'evt_has_decline'"));
        Assert.DoesNotContain("in_has_decline", Service.Stripe.Requests);
    }
}
