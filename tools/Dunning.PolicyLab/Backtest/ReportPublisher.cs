using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dunning.Platform.Http;

namespace Dunning.PolicyLab.Backtest;

/// <summary>
/// <c>--publish</c>: sends the report, as <c>--json</c> prints it, to the metrics service's <c>POST /api/backtests</c> with its API key,
/// for the dashboard's backtests page. The service names a report by its content, so publishing it again (after a failure, say) is safe.
/// </summary>
public static class ReportPublisher
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The report's page on the dashboard, or why the service did not take it.</summary>
    public static async Task<(Uri? Page, string? Problem)> PublishAsync(Uri metrics, string apiKey, string json, CancellationToken cancellationToken)
    {
        var url = new Uri(metrics, "api/backtests");
        using var http = new HttpClient { Timeout = Patience };
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add(ApiKeyFilter.HeaderName, apiKey);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
                return (null, $"{url} answered {(int)response.StatusCode}: {Reason(body)}");
            var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
            return (new Uri(metrics, $"backtests.html?id={Uri.EscapeDataString(id ?? "")}"), null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return (null, $"the metrics service did not take the report at {url}: {e.Message}");
        }
    }

    /// <summary>The service's sentence: <c>error</c> for a refused report, <c>detail</c> for a refused key.</summary>
    private static string Reason(string body)
    {
        try
        {
            var answer = JsonDocument.Parse(body).RootElement;
            return new[] { "error", "detail" }.Select(name => answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty(name, out var reason)
                && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null).FirstOrDefault(reason => reason is not null) ?? body;
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
