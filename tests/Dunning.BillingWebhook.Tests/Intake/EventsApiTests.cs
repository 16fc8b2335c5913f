using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dunning.BillingWebhook.Tests.Support;
using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Intake;

public sealed class EventsApiTests(WebhookServiceFixture fixture) : IClassFixture<WebhookServiceFixture>
{
    private WebhookService Service => fixture.Service;

    [Fact]
    public async Task Listing_events_without_the_api_key_is_401()
    {
        var response = await Service.Client.Http.GetAsync("/api/events");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Events_are_listed_by_type_and_since()
    {
        await Service.Client.PostAsync(Events.Envelope("evt_list_old", "invoice.voided", Events.Invoice("in_list_1"), Events.T0.AddYears(-1)));
        await Service.Client.PostAsync(Events.Envelope("evt_list_new", "invoice.voided", Events.Invoice("in_list_2"), Events.T0));

        var listed = await GetAsync("/api/events?type=invoice.voided&since=2026-01-01T00:00:00Z&limit=50");

        var ids = listed.EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Contains("evt_list_new", ids);
        Assert.DoesNotContain("evt_list_old", ids);
    }

    [Theory]
    [InlineData("/api/events?since=yesterday")]
    [InlineData("/api/events?limit=0")]
    public async Task Bad_query_is_400_with_a_reason(string url)
    {
        var response = await SendAsync(HttpMethod.Get, url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Replay_queues_the_same_message_again_under_the_same_id()
    {
        await Service.Client.PostAsync(Events.Envelope("evt_replayed", "invoice.payment_failed", Events.Invoice("in_replayed")));
        await Eventually.HoldsAsync(async () => await Service.OutboxCountAsync("body->>'sourceEventId' = 'evt_replayed' AND attempts = 1") == 1,
            TimeSpan.FromSeconds(20), "the relay published the message once");

        var response = await SendAsync(HttpMethod.Post, "/api/events/evt_replayed/replay");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("republished").GetInt32());
        await Eventually.HoldsAsync(async () => await Service.OutboxCountAsync(
            "body->>'sourceEventId' = 'evt_replayed' AND attempts = 2 AND sent_at IS NOT NULL") == 1,
            TimeSpan.FromSeconds(20), "the relay published the same row (same message id) a second time");
        Assert.Equal(1, await Service.OutboxCountAsync("body->>'sourceEventId' = 'evt_replayed'"));
    }

    [Fact]
    public async Task Replay_of_an_event_that_published_nothing_publishes_nothing()
    {
        await Service.Client.PostAsync(Events.Envelope("evt_replay_paid", "invoice.paid", Events.Invoice("in_replay_blocked"), Events.T0.AddDays(1)));
        await Service.Client.PostAsync(Events.Envelope("evt_replay_blocked", "invoice.payment_failed", Events.Invoice("in_replay_blocked")));

        var response = await SendAsync(HttpMethod.Post, "/api/events/evt_replay_blocked/replay");

        Assert.Equal(0, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("republished").GetInt32());
        Assert.Equal(0, await Service.OutboxCountAsync("body->>'sourceEventId' = 'evt_replay_blocked'"));
    }

    [Fact]
    public async Task Replay_of_an_unknown_event_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, "/api/events/evt_never_received/replay")).StatusCode);
    }

    private async Task<JsonElement> GetAsync(string url)
    {
        var response = await SendAsync(HttpMethod.Get, url);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Api-Key", WebhookService.ApiKey);
        return Service.Client.Http.SendAsync(request);
    }
}
