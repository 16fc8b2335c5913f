using Microsoft.Extensions.Options;

namespace Dunning.Metrics.Ops;

/// <summary>One service's health as the ops view shows it.</summary>
public sealed record ServiceHealth(string Name, string Url, bool Healthy, int? StatusCode, string? Error);

/// <summary>Asks each configured service's health URL (<c>Metrics:ServiceHealthUrls</c>).</summary>
public sealed class ServiceHealthProbe(HttpClient http, IOptions<MetricsOptions> options)
{
    public async Task<IReadOnlyList<ServiceHealth>> CheckAllAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(options.Value.ServiceHealthUrls
            .Where(s => !string.IsNullOrWhiteSpace(s.Value))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => CheckAsync(s.Key, s.Value, cancellationToken)));

    private async Task<ServiceHealth> CheckAsync(string name, string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            return new ServiceHealth(name, url, response.IsSuccessStatusCode, (int)response.StatusCode, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new ServiceHealth(name, url, false, null, e.Message);
        }
    }
}
