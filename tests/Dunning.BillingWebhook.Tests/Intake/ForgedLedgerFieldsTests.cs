using System.Net;
using System.Text.Json.Nodes;
using Dunning.BillingWebhook.Tests.Support;
using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Intake;

/// <summary>
/// Signed events whose fields bound for the metrics ledger carry markup or formulas: what reaches the outbox is Stripe's known
/// values or "other", never the forged text; a currency that is no ISO code is refused before anything is stored.
/// </summary>
[Trait("Suite", "ForgedInput")]
public sealed class ForgedLedgerFieldsTests(WebhookServiceFixture fixture) : IClassFixture<WebhookServiceFixture>
{
    private const string Markup = "<img src=x onerror=alert(document.cookie)>";
    private const string Formula = "=HYPERLINK(\"https://evil.example\",\"click\")";
    private WebhookService Service => fixture.Service;

    [Fact]
    public async Task A_forged_card_brand_and_decline_codes_reach_the_outbox_as_other()
    {
        var paymentMethod = StripeFixtures.Resource("payment_method");
        paymentMethod["card"]!["brand"] = Markup;
        paymentMethod["card"]!["fingerprint"] = Formula;
        var intent = StripeFixtures.Resource("payment_intent");
        intent["payment_details"] = new JsonObject { ["order_reference"] = "in_forged_fields" };
        intent["last_payment_error"] = new JsonObject
        {
            ["type"] = "card_error", ["code"] = "card_declined", ["decline_code"] = Formula, ["advice_code"] = Markup,
            ["network_decline_code"] = "<b>05</b>", ["network_advice_code"] = "02", ["payment_method"] = paymentMethod,
        };

        await Service.Client.PostAsync(Events.Envelope("evt_forged_intent", "payment_intent.payment_failed", intent));
        await Service.Client.PostAsync(Events.Envelope("evt_forged_failed", "invoice.payment_failed", Events.InvoiceWithoutDecline("in_forged_fields")));

        await Eventually.HoldsAsync(async () => await Service.OutboxCountAsync("body->>'sourceEventId' = 'evt_forged_failed'") == 1,
            TimeSpan.FromSeconds(20), "the failure is published");
        Assert.Equal(1, await Service.OutboxCountAsync("""
            body->>'sourceEventId' = 'evt_forged_failed' AND body->'decline'->>'cardBrand' = 'other'
            AND body->'decline'->>'declineCode' = 'other' AND body->'decline'->>'adviceCode' = 'other'
            AND body->'decline'->>'networkDeclineCode' = 'other' AND body->'decline'->>'networkAdviceCode' = '02'
            AND body->'decline'->>'failureCode' = 'card_declined' AND body->'decline'->>'cardFingerprint' IS NULL
            """));
        Assert.Equal(0, await Service.OutboxCountAsync("body::text LIKE '%<img%' OR body::text LIKE '%HYPERLINK%'"));
    }

    [Fact]
    public async Task A_forged_cancellation_reason_reaches_the_outbox_as_other()
    {
        var subscription = StripeFixtures.Resource("subscription");
        subscription["status"] = "canceled";
        subscription["cancellation_details"] = new JsonObject { ["reason"] = Formula };

        await Service.Client.PostAsync(Events.Envelope("evt_forged_reason", "customer.subscription.deleted", subscription));

        Assert.Equal(1, await Service.OutboxCountAsync("body->>'sourceEventId' = 'evt_forged_reason' AND body->>'reason' = 'other'"));
    }

    [Theory]
    [InlineData("<b>usd</b>")]
    [InlineData("=1+1")]
    [InlineData("USD")]
    public async Task A_currency_that_is_no_iso_code_is_400_with_the_reason_and_nothing_is_stored(string currency)
    {
        var eventId = $"evt_forged_currency_{Math.Abs(currency.GetHashCode(StringComparison.Ordinal))}";
        var invoice = Events.Invoice($"in_{eventId}");
        invoice["currency"] = currency;

        var response = await Service.Client.PostAsync(Events.Envelope(eventId, "invoice.payment_failed", invoice));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("three-letter ISO code", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await Service.Database.CountAsync($"SELECT count(*) FROM webhook.stripe_events WHERE id = '{eventId}'"));
    }
}
