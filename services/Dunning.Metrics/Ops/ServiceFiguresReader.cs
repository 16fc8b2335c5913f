using Microsoft.Extensions.Options;

namespace Dunning.Metrics.Ops;

/// <summary>
/// Reads each service's backlog from its Prometheus scrape (<c>Metrics:ServiceMetricsUrls</c>): the figures alerts fire on are the
/// ones the ops view shows, each service reading its own tables (no service reads another's schema).
/// </summary>
public sealed class ServiceFiguresReader(HttpClient http, IOptions<MetricsOptions> options)
{
    public async Task<IReadOnlyList<ServiceFigures>> ReadAllAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(options.Value.ServiceMetricsUrls.Where(s => !string.IsNullOrWhiteSpace(s.Value)).OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => ReadAsync(s.Key, s.Value, cancellationToken)));

    private async Task<ServiceFigures> ReadAsync(string name, string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
                return Unread(name, url, $"{url} answered {(int)response.StatusCode}");
            return FromScrape(name, url, PrometheusText.Parse(await response.Content.ReadAsStringAsync(cancellationToken)));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return Unread(name, url, e.Message);
        }
    }

    public static ServiceFigures FromScrape(string name, string url, IReadOnlyList<PrometheusSample> samples)
    {
        double? First(string metric) => samples.FirstOrDefault(s => s.Name == metric)?.Value;
        var byKind = samples.Where(s => s.Name is "dunning_due_jobs_lag_seconds" or "dunning_due_jobs_overdue" or "dunning_due_jobs_dead")
            .GroupBy(s => s.Label("kind"), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DueJobFigures(
                g.Key, (long)Sum(g, "dunning_due_jobs_overdue"), Sum(g, "dunning_due_jobs_lag_seconds"), (long)Sum(g, "dunning_due_jobs_dead")))
            .ToList();
        var rejections = samples.Where(s => s.Name == "dunning_webhook_rejections_total")
            .Select(s => new RejectionCount(s.Label("reason"), (long)s.Value)).OrderBy(r => r.Reason, StringComparer.Ordinal).ToList();
        var breaker = First("dunning_stripe_breaker_open");
        return new ServiceFigures(name, url, null, (long?)First("dunning_outbox_backlog"), First("dunning_outbox_oldest_age_seconds"), byKind, rejections,
            breaker is null ? null : breaker > 0);
    }

    private static double Sum(IEnumerable<PrometheusSample> samples, string metric) => samples.Where(s => s.Name == metric).Sum(s => s.Value);

    private static ServiceFigures Unread(string name, string url, string error) => new(name, url, error, null, null, [], [], null);
}
