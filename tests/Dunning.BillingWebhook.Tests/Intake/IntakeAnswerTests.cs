using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dunning.BillingWebhook.Tests.Support;
using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Intake;

public sealed class IntakeAnswerTests(WebhookServiceFixture fixture) : IClassFixture<WebhookServiceFixture>
{
    private WebhookService Service => fixture.Service;

    [Fact]
    public async Task Genuine_event_is_answered_200_after_its_payment_failed_is_recorded()
    {
        var response = await Service.Client.PostAsync(Events.Envelope("evt_genuine", "invoice.payment_failed", Events.Invoice("in_genuine")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await Service.Database.CountAsync("SELECT count(*) FROM webhook.stripe_events WHERE id = 'evt_genuine'"));
        Assert.Equal(1, await Service.FailuresRecordedAsync("evt_genuine"));
    }

    [Fact]
    public async Task Duplicate_event_is_answered_200_with_no_second_effect()
    {
        var envelope = Events.Envelope("evt_twice", "invoice.payment_failed", Events.Invoice("in_twice"));

        var first = await Service.Client.PostAsync(envelope);
        var second = await Service.Client.PostAsync(envelope);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.True((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        Assert.Equal(1, await Service.FailuresRecordedAsync("evt_twice"));
    }

    [Fact]
    public async Task The_same_events_delivered_many_times_at_once_are_stored_once_and_answered_as_new_once()
    {
        // 20 events, half without messages (invoice.created: no locks, its insert decides), half with one; each posted 8 times at once
        var bodies = Enumerable.Range(0, 20).Select(i => Events.Envelope($"evt_burst_{i}", i % 2 == 0 ? "invoice.created" : "invoice.payment_failed",
            Events.Invoice($"in_burst_{i}")).ToJsonString()).ToList();

        var answers = await Task.WhenAll(bodies.SelectMany(body => Enumerable.Repeat(body, 8)).Select(async body =>
        {
            var response = await Service.Client.PostAsync(body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (Id: answer.GetProperty("id").GetString(), Duplicate: answer.GetProperty("duplicate").GetBoolean());
        }));

        Assert.All(answers.GroupBy(a => a.Id), copies => Assert.Equal(1, copies.Count(a => !a.Duplicate)));
        Assert.Equal(20, await Service.Database.CountAsync("SELECT count(*) FROM webhook.stripe_events WHERE id LIKE 'evt_burst_%'"));
        Assert.Equal(10, await Service.FailuresRecordedAsync("evt_burst_%"));
    }

    [Fact]
    public async Task Event_signed_with_the_previous_secret_is_accepted_during_rotation()
    {
        var body = Events.Envelope("evt_rotated", "invoice.payment_failed", Events.Invoice("in_rotated")).ToJsonString();

        var response = await Service.Client.PostAsync(body, StripeSignature.Header(body, WebhookService.OldSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Missing_signature_is_400_with_a_reason_and_nothing_is_stored()
    {
        var body = Events.Envelope("evt_unsigned", "invoice.payment_failed", Events.Invoice()).ToJsonString();

        var response = await Service.Client.Http.SendAsync(WebhookClient.Request(body, signature: null));

        await AssertRejectedAsync(response, HttpStatusCode.BadRequest, "Missing Stripe-Signature", "evt_unsigned");
    }

    [Fact]
    public async Task Signature_with_an_unknown_secret_is_400_and_nothing_is_stored()
    {
        var body = Events.Envelope("evt_forged", "invoice.payment_failed", Events.Invoice()).ToJsonString();

        var response = await Service.Client.PostAsync(body, StripeSignature.Header(body, "whsec_attacker"));

        await AssertRejectedAsync(response, HttpStatusCode.BadRequest, "does not match", "evt_forged");
    }

    [Fact]
    public async Task Body_changed_after_signing_is_400()
    {
        var body = Events.Envelope("evt_tampered", "invoice.payment_failed", Events.Invoice()).ToJsonString();
        var signature = StripeSignature.Header(body, WebhookService.Secret);

        var response = await Service.Client.PostAsync(body.Replace("1999", "1"), signature);

        await AssertRejectedAsync(response, HttpStatusCode.BadRequest, "does not match", "evt_tampered");
    }

    [Fact]
    public async Task Stale_signature_timestamp_is_400()
    {
        var body = Events.Envelope("evt_stale", "invoice.payment_failed", Events.Invoice()).ToJsonString();

        var response = await Service.Client.PostAsync(body, signedAt: DateTimeOffset.UtcNow.AddMinutes(-6));

        await AssertRejectedAsync(response, HttpStatusCode.BadRequest, "tolerance", "evt_stale");
    }

    [Theory]
    [Trait("Suite", "ForgedInput")]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("""{"type":"invoice.paid","data":{"object":{}}}""", "no 'id'")]
    [InlineData("""{"id":"evt_no_type","data":{"object":{}}}""", "no 'type'")]
    [InlineData("""{"id":"evt_no_object","type":"invoice.paid","data":{}}""", "no 'data.object'")]
    [InlineData("""{"id":"evt_far_future","type":"invoice.paid","created":99999999999999,"data":{"object":{}}}""", "'created'")]
    [InlineData("""{"id":"evt_no_created","type":"invoice.paid","data":{"object":{}}}""", "no 'created'")]
    public async Task Malformed_event_is_400_with_a_reason(string body, string reason)
    {
        var response = await Service.Client.PostAsync(body);

        await AssertRejectedAsync(response, HttpStatusCode.BadRequest, reason, "evt_no_type");
    }

    [Fact]
    public async Task Body_over_one_mebibyte_is_413()
    {
        var body = new string(' ', 1024 * 1024 + 1);

        var response = await Service.Client.PostAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Body_over_one_mebibyte_without_content_length_is_413()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new UnsizedContent(new byte[1024 * 1024 + 100]) };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.TryAddWithoutValidation("Stripe-Signature", "t=1,v1=00");

        var response = await Service.Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Other_methods_are_405(string method)
    {
        var response = await Service.Client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/webhooks/stripe"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_event_type_is_200_and_stored_but_not_published()
    {
        var response = await Service.Client.PostAsync(Events.Envelope("evt_unknown", "product.created", StripeFixtures.Resource("product")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await Service.Database.CountAsync("SELECT count(*) FROM webhook.stripe_events WHERE id = 'evt_unknown'"));
        Assert.Equal(0, await Service.OutboxCountAsync("body->>'sourceEventId' = 'evt_unknown'"));
    }

    private async Task AssertRejectedAsync(HttpResponseMessage response, HttpStatusCode status, string reason, string eventId)
    {
        Assert.Equal(status, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
        Assert.Contains(reason, error);
        Assert.Equal(0, await Service.Database.CountAsync($"SELECT count(*) FROM webhook.stripe_events WHERE id = '{eventId}'"));
    }
}
