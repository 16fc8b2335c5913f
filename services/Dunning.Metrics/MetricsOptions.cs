namespace Dunning.Metrics;

/// <summary>Section <c>Metrics</c>: what the ops view checks and how the aggregates are kept.</summary>
public sealed class MetricsOptions
{
    /// <summary>Service name → its health URL (e.g. <c>"webhook": "http://127.0.0.1:5080/health"</c>).</summary>
    public Dictionary<string, string> ServiceHealthUrls { get; set; } = [];

    /// <summary>How often the Prometheus gauges re-read the aggregates and the queue depths.</summary>
    public TimeSpan GaugeRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the consumers' ledger changes are folded into the aggregates (reports are exact either way).</summary>
    public TimeSpan FoldInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The dashboard's mode switch before a user picks one: <c>live</c>, <c>test</c> or <c>all</c> (the sandbox demo's data is
    /// all test mode). The report API's own default is always live.
    /// </summary>
    public string DashboardDefaultMode { get; set; } = "live";
}
