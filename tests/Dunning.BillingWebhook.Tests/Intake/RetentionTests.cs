using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dunning.BillingWebhook.Tests.Support;
using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Intake;

/// <summary>Raw Stripe payloads are cleared after Retention:StripePayloads; the event's row, and so its deduplication, stays.</summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private WebhookService _service = null!;

    public async Task InitializeAsync() =>
        _service = await WebhookService.StartAsync(new Dictionary<string, string> { ["Retention__Interval"] = "00:00:00.200" });

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task An_old_payload_is_cleared_a_recent_one_kept_and_Stripe_redelivering_the_old_event_is_still_a_duplicate()
    {
        var old = Events.Envelope("evt_received_31_days_ago", "invoice.payment_failed", Events.Invoice("in_retained_old"));
        await _service.Client.PostAsync(old);
        await _service.Client.PostAsync(Events.Envelope("evt_received_now", "invoice.payment_failed", Events.Invoice("in_retained_new")));
        await _service.Database.ExecuteAsync("UPDATE webhook.stripe_events SET received_at = now() - interval '31 days' WHERE id = 'evt_received_31_days_ago'");

        await PayloadClearedAsync("evt_received_31_days_ago");
        var redelivered = await _service.Client.PostAsync(old);

        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.True((await redelivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        Assert.Equal(1, await _service.FailuresRecordedAsync("evt_received_31_days_ago"));
        Assert.Equal(1, await _service.Database.CountAsync("SELECT count(*) FROM webhook.stripe_events WHERE id = 'evt_received_now' AND payload IS NOT NULL"));
    }

    [Fact]
    public async Task An_event_whose_payload_was_cleared_cannot_be_replayed_and_the_answer_says_why()
    {
        await _service.Client.PostAsync(Events.Envelope("evt_cleared", "invoice.payment_failed", Events.Invoice("in_cleared")));
        await _service.Database.ExecuteAsync("UPDATE webhook.stripe_events SET received_at = now() - interval '31 days' WHERE id = 'evt_cleared'");
        await PayloadClearedAsync("evt_cleared");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events/evt_cleared/replay") { Headers = { { "X-Api-Key", WebhookService.ApiKey } } };
        var response = await _service.Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("Retention:StripePayloads", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    private Task PayloadClearedAsync(string eventId) => Eventually.HoldsAsync(async () =>
            await _service.Database.CountAsync($"SELECT count(*) FROM webhook.stripe_events WHERE id = '{eventId}' AND payload IS NULL") == 1,
        TimeSpan.FromSeconds(20), $"the retention job cleared {eventId}'s payload");
}
