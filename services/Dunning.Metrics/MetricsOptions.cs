namespace Dunning.Metrics;

/// <summary>Section <c>Metrics</c>: what the ops view checks and how the aggregates are kept.</summary>
public sealed class MetricsOptions
{
    /// <summary>
    /// Service name → its health URL (e.g. <c>"webhook": "http://127.0.0.1:5080/health"</c>). appsettings.json names the four services
    /// on their local ports, docker-compose.yml on their compose names; an empty value leaves a service out.
    /// </summary>
    public Dictionary<string, string> ServiceHealthUrls { get; set; } = [];

    /// <summary>Service name → its Prometheus scrape URL on the management port, where the ops view reads outbox and due-job figures.</summary>
    public Dictionary<string, string> ServiceMetricsUrls { get; set; } = [];

    /// <summary>The webhook service's <c>/api/events</c>, for the ops view's last events (asked with this service's <c>Api:Key</c>).</summary>
    public string? WebhookEventsUrl { get; set; }

    /// <summary>The retry scheduler's base URL, for the case console: its cases, timelines and operator actions (same API key).</summary>
    public string? SchedulerUrl { get; set; }

    /// <summary>The notification service's base URL, for the case console: a customer by email address, an invoice's emails (same API key).</summary>
    public string? NotificationUrl { get; set; }

    /// <summary>How often the Prometheus gauges re-read the aggregates and the queue depths.</summary>
    public TimeSpan GaugeRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the consumers' ledger changes are folded into the aggregates (reports are exact either way).</summary>
    public TimeSpan FoldInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The dashboard's mode switch before a user picks one: <c>live</c> or <c>test</c> (the sandbox demo's data is
    /// all test mode). The report API's own default is always live.
    /// </summary>
    public string DashboardDefaultMode { get; set; } = "live";
}
