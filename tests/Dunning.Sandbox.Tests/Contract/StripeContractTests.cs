using System.Net;
using System.Text.Json.Nodes;
using Dunning.Testing;
using Stripe.BillingPortal;
using Stripe;

namespace Dunning.Sandbox.Tests.Contract;

/// <summary>
/// Every object the sandbox answers with or sends in a webhook, over a realistic dunning flow, must fit Stripe.net
/// 53.1.0's model for API version 2026-10-28.endive: no key the model does not know, no includable (expand-only) field
/// unless expanded. Its own sandbox (class fixture), so it can wait for every event it caused.
/// </summary>
public sealed class StripeContractTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Every_answer_and_webhook_of_a_dunning_flow_fits_Stripe_nets_model()
    {
        var recorder = new RecordingHandler();
        var stripe = sandbox.StripeThrough(recorder);
        await DriveFlowAsync(stripe);

        var events = new List<string>();
        await foreach (var e in new EventService(stripe).ListAutoPagingAsync(new EventListOptions { Limit = 100 })) events.Add(e.Id);
        await Eventually.HoldsAsync(() => events.All(id => sandbox.Receiver.Events.Any(e => e.Id == id)), TimeSpan.FromSeconds(30), "every event delivered");

        var problems = new List<string>();
        var answers = recorder.Answers.ToList();
        foreach (var answer in answers) problems.AddRange(ProblemsIn(answer));
        foreach (var body in sandbox.Receiver.Bodies) problems.AddRange(ProblemsInEvent(JsonNode.Parse(body)!.AsObject(), "webhook"));

        Assert.Contains(answers, a => a.Status == 402);
        Assert.True(answers.Count > 30, $"only {answers.Count} answers recorded");
        Assert.Empty(sandbox.Receiver.Rejected);
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    private static IEnumerable<string> ProblemsIn(RecordedAnswer answer)
    {
        var json = JsonNode.Parse(answer.Body)!.AsObject();
        if (json["error"] is JsonObject error)
        {
            // A decline carries the payment intent and payment method as objects; they must fit too.
            foreach (var key in new[] { "payment_intent", "payment_method" })
            {
                if (error[key] is JsonObject inner) foreach (var p in StripeModelContract.Check(inner, $"{answer} error.{key}")) yield return p;
            }
            yield break;
        }
        if (json["object"]?.GetValue<string>() == "event")
        {
            foreach (var p in ProblemsInEvent(json, answer.ToString())) yield return p;
            yield break;
        }
        if (json["object"]?.GetValue<string>() == "list")
        {
            foreach (var item in json["data"]!.AsArray().OfType<JsonObject>())
            {
                var problems = item["object"]?.GetValue<string>() == "event"
                    ? ProblemsInEvent(item, answer.ToString())
                    : StripeModelContract.Check(item, answer.ToString(), answer.Expanded);
                foreach (var p in problems) yield return p;
            }
            foreach (var p in StripeModelContract.Check(WithoutData(json), answer.ToString())) yield return p;
            yield break;
        }
        foreach (var p in StripeModelContract.Check(json, answer.ToString(), answer.Expanded)) yield return p;
    }

    /// <summary>An event: its envelope, its data.object (never expanded), its previous_attributes' keys against data.object's model.</summary>
    private static IEnumerable<string> ProblemsInEvent(JsonObject evt, string where)
    {
        var copy = (JsonObject)evt.DeepClone();
        var data = copy["data"]!.AsObject();
        var path = $"{where} {evt["type"]} {evt["id"]}";
        if (data["previous_attributes"] is JsonObject previous)
        {
            data.Remove("previous_attributes");
            previous["object"] = data["object"]!["object"]!.GetValue<string>();
            foreach (var p in StripeModelContract.Check(previous, path + " data.previous_attributes")) yield return p;
        }
        foreach (var p in StripeModelContract.Check(copy, path)) yield return p;
    }

    private static JsonObject WithoutData(JsonObject list)
    {
        var copy = (JsonObject)list.DeepClone();
        copy["data"] = new JsonArray();
        return copy;
    }

    /// <summary>
    /// A customer on a test clock pays the first invoice, then the renewal fails on a new card; a pay call is declined;
    /// the customer puts a working card in the billing portal, the card updater reissues the old one, and the pay call succeeds;
    /// another customer's card needs 3-D Secure.
    /// Plus the reads a dunning service makes, and a webhook endpoint created and deleted.
    /// </summary>
    private async Task DriveFlowAsync(StripeClient stripe)
    {
        var billing = new Billing(stripe);
        var clock = await billing.ClockAsync(new DateTime(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc));
        var clocks = new Stripe.TestHelpers.TestClockService(stripe);
        await clocks.GetAsync(clock.Id);
        var customer = await billing.CustomerWithCardAsync("pm_card_visa", clock.Id);
        var subscription = await billing.SubscribeAsync(customer.Id, "eur", 2900);
        var failing = await new PaymentMethodService(stripe).AttachAsync(
            "pm_card_chargeCustomerFail", new PaymentMethodAttachOptions { Customer = customer.Id });
        await billing.DefaultCardAsync(customer.Id, failing.Id);
        await clocks.AdvanceAsync(clock.Id, new Stripe.TestHelpers.TestClockAdvanceOptions { FrozenTime = clock.FrozenTime.AddDays(32) });

        var invoices = new InvoiceService(stripe);
        var renewal = (await invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id, Status = "open" })).Data.Single();
        await invoices.GetAsync(renewal.Id, new InvoiceGetOptions { Expand = ["payments.data.payment.payment_intent.latest_charge"] });
        await invoices.GetAsync(renewal.Id);
        var declined = await Assert.ThrowsAsync<StripeException>(
            () => invoices.PayAsync(renewal.Id, null, new RequestOptions { IdempotencyKey = "contract-1-" + renewal.Id }));
        Assert.Equal(HttpStatusCode.PaymentRequired, declined.HttpStatusCode);

        var session = await new SessionService(stripe).CreateAsync(
            new SessionCreateOptions { Customer = customer.Id, ReturnUrl = "https://example.com/account" });
        var portal = await sandbox.Http.PostAsync($"/sandbox/hosted/portal/{session.Id}/card?card=pm_card_visa", null);
        portal.EnsureSuccessStatusCode();
        (await sandbox.Http.PostAsync($"/sandbox/card_updater/{failing.Id}?last4=1881", null)).EnsureSuccessStatusCode();
        var paid = await invoices.PayAsync(renewal.Id, null, new RequestOptions { IdempotencyKey = "contract-2-" + renewal.Id });
        Assert.Equal("paid", paid.Status);

        var payments = await new InvoicePaymentService(stripe).ListAsync(new InvoicePaymentListOptions { Invoice = renewal.Id });
        await new InvoicePaymentService(stripe).GetAsync(payments.Data[0].Id);
        var intent = await new PaymentIntentService(stripe).GetAsync(payments.Data[0].Payment.PaymentIntentId);
        await new ChargeService(stripe).ListAsync(new ChargeListOptions { Customer = customer.Id });
        await new ChargeService(stripe).GetAsync(intent.LatestChargeId);
        await new CustomerService(stripe).GetAsync(customer.Id);
        await new CustomerPaymentMethodService(stripe).ListAsync(customer.Id);
        await new PaymentMethodService(stripe).GetAsync(failing.Id);
        await new SubscriptionService(stripe).GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        await new SubscriptionService(stripe).ListAsync(new SubscriptionListOptions { Customer = customer.Id });
        await new PriceService(stripe).GetAsync(subscription.Items.Data[0].Price.Id);
        await clocks.ListAsync();

        var secure = await billing.CustomerWithCardAsync("pm_card_authenticationRequired");
        var secureSubscription = await billing.SubscribeAsync(secure.Id);
        var action = await Assert.ThrowsAsync<StripeException>(() => invoices.PayAsync(secureSubscription.LatestInvoiceId));
        Assert.Equal(HttpStatusCode.PaymentRequired, action.HttpStatusCode);

        var endpoints = new WebhookEndpointService(stripe);
        var endpoint = await endpoints.CreateAsync(new WebhookEndpointCreateOptions { Url = "http://127.0.0.1:9/nowhere", EnabledEvents = ["invoice.paid"] });
        await endpoints.GetAsync(endpoint.Id);
        await endpoints.ListAsync();
        await endpoints.DeleteAsync(endpoint.Id);
        var recent = await new EventService(stripe).ListAsync(new EventListOptions { Limit = 3 });
        await new EventService(stripe).GetAsync(recent.Data[0].Id);
    }
}
