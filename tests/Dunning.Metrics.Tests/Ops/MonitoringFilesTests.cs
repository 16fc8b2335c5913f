using System.Text.Json;
using System.Text.RegularExpressions;
using Dunning.Contracts;
using Dunning.Metrics.Tests.Support;
using Dunning.Testing;

namespace Dunning.Metrics.Tests.Ops;

/// <summary>
/// deploy/grafana/dunning.json parses as a dashboard, and every metric it and deploy/prometheus/alerts.yml query is one the services
/// export: the metrics service's own (and the platform's) read from a live <c>/metrics</c> scrape of a running service with data;
/// the webhook's, notification's and due-job ones are scraped by the tests named below, in projects of their own.
/// </summary>
public sealed partial class MonitoringFilesTests(MetricsService service) : IClassFixture<MetricsService>
{
    /// <summary>Metric name → the test that reads it from a real scrape (or, for the counters, from the instrument the name is made of).</summary>
    private static readonly Dictionary<string, string> ScrapedElsewhere = new()
    {
        ["dunning_due_jobs_lag_seconds"] = "Dunning.Platform.Tests BacklogGaugesTests",
        ["dunning_due_jobs_overdue"] = "Dunning.Platform.Tests BacklogGaugesTests",
        ["dunning_due_jobs_dead"] = "Dunning.Platform.Tests DeadJobApiTests",
        ["dunning_webhook_rejections_total"] = "Dunning.BillingWebhook.Tests RejectionMetricsTests",
        ["dunning_stripe_breaker_open"] = "Dunning.Platform.Tests StripeBreakerTests (instrument dunning.stripe.breaker_open)",
        ["dunning_stripe_breaker_opened_total"] = "Dunning.Platform.Tests StripeBreakerTests (counter dunning.stripe.breaker_opened)",
        ["dunning_notification_smtp_failures_total"] = "Dunning.Notification.Tests SmtpFailureMetricsTests (counter dunning.notification.smtp_failures)",
    };

    [Fact]
    public void The_grafana_dashboard_parses_and_every_panel_has_a_query()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepositoryFile("deploy/grafana/dunning.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();

        Assert.Equal("dunning-ops", dashboard.RootElement.GetProperty("uid").GetString());
        Assert.NotEmpty(panels);
        Assert.All(panels, p => Assert.NotEmpty(p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString())));
    }

    [Fact]
    public async Task Every_metric_the_dashboard_and_the_alerts_query_is_exported()
    {
        await service.PublishAsync(Scenario.Failed("in_monitoring_open", 700, "usd", "2026-03-02T10:00:00", "insufficient_funds", "visa"));
        await service.PublishAsync(Scenario.Failed("in_monitoring_won", 900, "usd", "2026-03-02T10:00:00", "insufficient_funds", "visa"));
        await service.PublishAsync(Scenario.Recovered("in_monitoring_won", 900, "usd", "2026-03-02T10:00:00", "2026-03-03T10:00:00", RecoveryMethod.Retry, 1));
        await CreateErrorQueueAsync();
        var queried = QueriedMetrics();
        Assert.Contains("dunning_metrics_recovery_rate", queried);

        var missing = queried.Where(m => !ScrapedElsewhere.ContainsKey(m)).ToList();
        await Eventually.HoldsAsync(async () =>
        {
            var scrape = await service.Management.GetStringAsync("/metrics");
            missing = missing.Where(m => !scrape.Contains($"\n{m}{{", StringComparison.Ordinal)).ToList();
            return missing.Count == 0;
        }, TimeSpan.FromSeconds(30), "every queried metric the metrics service exports is in its scrape");
        Assert.Empty(missing);
    }

    private static SortedSet<string> QueriedMetrics()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepositoryFile("deploy/grafana/dunning.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!)
            .Append(File.ReadAllText(RepositoryFile("deploy/prometheus/alerts.yml")));
        return new SortedSet<string>(expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)), StringComparer.Ordinal);
    }

    private async Task CreateErrorQueueAsync()
    {
        using var rabbit = TestVirtualHost.ManagementClient();
        var vhost = Uri.EscapeDataString(service.VirtualHost.Name);
        (await rabbit.PutAsync($"api/queues/{vhost}/monitoring-test_error",
            System.Net.Http.Json.JsonContent.Create(new { durable = false }))).EnsureSuccessStatusCode();
    }

    private static string RepositoryFile(string path) => Path.Combine(TestEnvironment.RepositoryRoot, path);

    // Series names only: dunning_ followed by the name, not the "dunning-" of a group name or a description's "Dunning".
    [GeneratedRegex(@"\bdunning_[a-z_]+[a-z]\b")]
    private static partial Regex MetricName();
}
