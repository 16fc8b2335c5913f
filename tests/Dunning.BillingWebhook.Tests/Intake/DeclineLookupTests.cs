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

        var response = await Service.Client.PostAsync(
            Events.Envelope("evt_ask_stripe", "invoice.payment_failed", Events.InvoiceWithoutDecline("in_ask_stripe")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.HoldsAsync(async () => await Service.OutboxCountAsync(
            "body->>'sourceEventId' = 'evt_ask_stripe' AND body->'decline'->>'declineCode' = 'insufficient_funds' "
            + "AND body->'decline'->>'cardFingerprint' = 'AOB934RVNwzk6xtn'") == 1,
            Timeout, "the failure is published with Stripe's decline details");
        Assert.Contains("in_ask_stripe", Service.Stripe.Requests);
    }

    [Fact]
    public async Task Failure_stripe_knows_no_decline_for_is_published_without_details()
    {
        await Service.Client.PostAsync(Events.Envelope("evt_no_charge", "invoice.payment_failed", Events.InvoiceWithoutDecline("in_no_charge")));

        await Eventually.HoldsAsync(async () => await Service.OutboxCountAsync(
            "body->>'sourceEventId' = 'evt_no_charge' AND body->'decline'->>'declineCode' IS NULL") == 1,
            Timeout, "the failure is published without decline details");
    }

    [Fact]
    public async Task Failure_whose_payment_intent_failure_came_with_it_is_published_with_its_details_without_asking_stripe()
    {
        // In this API version a payment intent names the invoice that created it in payment_details.order_reference (recorded
        // real payload: Fixtures/Real/payment_intent.clover.declined.zulip.json); its last_payment_error says why it failed.
        var intent = Dunning.Testing.StripeFixtures.Resource("payment_intent");
        intent["payment_details"] = new System.Text.Json.Nodes.JsonObject { ["order_reference"] = "in_with_intent" };
        intent["last_payment_error"] = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "card_error", ["code"] = "card_declined", ["decline_code"] = "insufficient_funds", ["advice_code"] = "try_again_later",
            ["payment_method"] = Dunning.Testing.StripeFixtures.Resource("payment_method"),
        };
        await Service.Client.PostAsync(Events.Envelope("evt_intent_failed", "payment_intent.payment_failed", intent));
        await Service.Client.PostAsync(Events.Envelope("evt_with_intent", "invoice.payment_failed", Events.InvoiceWithoutDecline("in_with_intent")));

        await Eventually.HoldsAsync(async () => await Service.OutboxCountAsync(
            "body->>'sourceEventId' = 'evt_with_intent' AND body->'decline'->>'declineCode' = 'insufficient_funds' "
            + "AND body->'decline'->>'cardFingerprint' = 'AOB934RVNwzk6xtn'") == 1,
            Timeout, "the failure is published with the payment intent's decline");
        Assert.DoesNotContain("in_with_intent", Service.Stripe.Requests);
    }

    [Fact]
    public async Task Failure_held_while_stripe_fails_is_published_after_the_patience_as_an_unknown_decline_never_as_a_soft_one()
    {
        Service.Stripe.FailInvoice("in_stripe_down");

        await Service.Client.PostAsync(Events.Envelope("evt_stripe_down", "invoice.payment_failed", Events.InvoiceWithoutDecline("in_stripe_down")));

        await Eventually.HoldsAsync(async () => await Service.OutboxCountAsync(
            $"body->>'sourceEventId' = 'evt_stripe_down' AND body->'decline'->>'failureCode' = '{Contracts.DeclineDetails.UnknownFailureCode}'") == 1,
            Timeout, "the failure is published as an unknown decline once the patience ran out");
        Assert.True(Service.Stripe.Requests.Count(r => r == "in_stripe_down") >= 2, "Stripe was asked again while it failed");
    }

    [Fact]
    public async Task Events_of_an_invoice_are_taken_in_while_its_decline_look_up_waits_for_stripe_and_a_payment_meanwhile_wins()
    {
        var stripe = Service.Stripe.Hold("in_slow_stripe");
        await Service.Client.PostAsync(Events.Envelope("evt_slow_failed", "invoice.payment_failed", Events.InvoiceWithoutDecline("in_slow_stripe")));
        await Eventually.HoldsAsync(() => Task.FromResult(Service.Stripe.Requests.Contains("in_slow_stripe")), Timeout, "the look-up asks Stripe");

        // Stripe has not answered: the invoice's payment is stored and answered all the same, well within the look-up's
        // own Stripe timeout (10 s), which is how long a look-up holding the invoice's lock would have held it back
        var paid = Events.InvoiceWithoutDecline("in_slow_stripe");
        paid["status"] = "paid";
        var answer = await Service.Client.PostAsync(Events.Envelope("evt_slow_paid", "invoice.paid", paid, Events.T0.AddMinutes(1)))
            .WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        stripe.SetResult();
        await Eventually.HoldsAsync(async () => await Service.Database.CountAsync("SELECT count(*) FROM webhook.due_jobs") == 0,
            Timeout, "the look-up finishes");
        Assert.Equal(0, await Service.OutboxCountAsync("body->>'sourceEventId' = 'evt_slow_failed'"));
    }
}
