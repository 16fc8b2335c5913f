using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dunning.Platform.Http;
using Microsoft.Extensions.Options;

namespace Dunning.Metrics.Ops;

/// <summary>What another service answered: its status and JSON body, or why it could not be asked (then no status).</summary>
public sealed record ServiceAnswer(int? Status, JsonElement Body, string? Error)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The service's own error sentence (<c>{"error": ...}</c>), or what went wrong asking it.</summary>
    public string Problem => Error ?? (Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("error", out var e) ? e.GetString() : null)
        ?? (Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("detail", out var d) ? d.GetString() : null) ?? $"answered {Status}";
}

/// <summary>
/// The ops pages' way to the services that own what they show, with this service's API key (one key per deployment, so the
/// scheduler audits the key the operator logged in with): the scheduler (<c>Metrics:SchedulerUrl</c>: cases and their actions)
/// and notification (<c>Metrics:NotificationUrl</c>: emails, customers by address, the webhooks to the business).
/// </summary>
public sealed class PeerServicesClient(HttpClient http, IOptions<MetricsOptions> options, IOptions<ApiKeyOptions> apiKey)
{
    public Task<ServiceAnswer> SchedulerAsync(HttpMethod method, string path, string? jsonBody, CancellationToken cancellationToken) =>
        SendAsync(options.Value.SchedulerUrl, "Metrics:SchedulerUrl", "the retry scheduler", method, path, jsonBody, cancellationToken);

    public Task<ServiceAnswer> NotificationAsync(HttpMethod method, string path, string? jsonBody, CancellationToken cancellationToken) =>
        SendAsync(options.Value.NotificationUrl, "Metrics:NotificationUrl", "the notification service", method, path, jsonBody, cancellationToken);

    private async Task<ServiceAnswer> SendAsync(string? baseUrl, string setting, string service, HttpMethod method, string path, string? jsonBody,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(baseUrl))
            return new ServiceAnswer(null, default, $"{setting} is not set: set it to {service}'s base URL.");
        var url = $"{baseUrl.TrimEnd('/')}{path}";
        try
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Add(ApiKeyFilter.HeaderName, apiKey.Value.Key);
            if (jsonBody is not null)
                request.Content = new StringContent(jsonBody, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var body = string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
            var status = (int)response.StatusCode;
            var refused = status == StatusCodes.Status401Unauthorized ? $"{url} refused the API key: {service} has another Api:Key" : null;
            return new ServiceAnswer(status, body, refused);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return new ServiceAnswer(null, default, $"{service} did not answer at {url}: {e.Message}");
        }
    }
}
