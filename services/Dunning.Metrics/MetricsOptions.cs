namespace Dunning.Metrics;

/// <summary>Section <c>Metrics</c>: what the ops view checks.</summary>
public sealed class MetricsOptions
{
    /// <summary>Service name → its health URL (e.g. <c>"webhook": "http://127.0.0.1:5080/health"</c>).</summary>
    public Dictionary<string, string> ServiceHealthUrls { get; set; } = [];

    /// <summary>How often the Prometheus gauges re-read the aggregates and the queue depths.</summary>
    public TimeSpan GaugeRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);
}
