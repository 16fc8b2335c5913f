using System.Text.Json;
using Dunning.Platform.Http;
using Microsoft.Extensions.Options;

namespace Dunning.Metrics.Ops;

/// <summary>The last Stripe events the webhook service received, from its <c>/api/events</c> (<c>Metrics:WebhookEventsUrl</c>, same API key).</summary>
public sealed class WebhookEventsClient(HttpClient http, IOptions<MetricsOptions> options, IOptions<ApiKeyOptions> apiKey)
{
    public const int Shown = 20;

    public async Task<RecentEvents> LatestAsync(CancellationToken cancellationToken)
    {
        var url = options.Value.WebhookEventsUrl;
        if (string.IsNullOrWhiteSpace(url))
            return new RecentEvents(null, [], "Metrics:WebhookEventsUrl is not set: set it to the webhook service's /api/events.");
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}?limit={Shown}");
            request.Headers.Add(ApiKeyFilter.HeaderName, apiKey.Value.Key);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
                return new RecentEvents(url, [], $"{url} answered {(int)response.StatusCode}" +
                    (response.StatusCode == System.Net.HttpStatusCode.Unauthorized ? ": the webhook service has another Api:Key" : ""));
            var events = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return new RecentEvents(url, events.ValueKind == JsonValueKind.Array ? [.. events.EnumerateArray()] : [], null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return new RecentEvents(url, [], e.Message);
        }
    }
}

/// <summary>The events as the webhook service lists them (newest first), or why they could not be read.</summary>
public sealed record RecentEvents(string? Url, IReadOnlyList<JsonElement> Events, string? Error);
