using System.Diagnostics.Metrics;
using Dunning.Platform.Telemetry;

namespace Dunning.Metrics.Telemetry;

/// <summary>
/// Prometheus gauges on the "Dunning" meter: recovered/lost revenue, open cases and recovery rate per currency and mode
/// (label <c>mode</c>: <c>live</c> or <c>test</c>, so a live query filters <c>mode="live"</c> and test data never adds to it),
/// consumer lag (messages waiting) per metrics queue. Values come from the last <see cref="GaugeRefresher"/> snapshot.
/// </summary>
public sealed class MetricsGauges : IDisposable
{
    private readonly Meter _meter = new(TelemetryExtensions.MeterName);
    private volatile IReadOnlyList<LedgerTotals> _totals = [];
    private volatile IReadOnlyList<(string Queue, long Ready)> _lag = [];

    public MetricsGauges()
    {
        _meter.CreateObservableGauge("dunning.metrics.recovered_revenue", () => PerCurrency(t => t.RecoveredMinor), "{minor_unit}", "Recovered revenue (cases closed recovered), per currency and mode");
        _meter.CreateObservableGauge("dunning.metrics.lost_revenue", () => PerCurrency(t => t.LostMinor), "{minor_unit}", "Lost revenue (cases closed lost), per currency and mode");
        _meter.CreateObservableGauge("dunning.metrics.open_cases", () => PerCurrency(t => t.OpenCases), "{case}", "Dunning cases neither recovered nor lost, per currency and mode");
        _meter.CreateObservableGauge("dunning.metrics.recovery_rate", RecoveryRates, "1", "Recovered / (recovered + lost) by amount, per currency and mode");
        _meter.CreateObservableGauge("dunning.metrics.consumer_lag", () => _lag.Select(l => new Measurement<long>(l.Ready, new KeyValuePair<string, object?>("queue", l.Queue))), "{message}", "Messages waiting in the metrics service's queues");
    }

    public void Update(IReadOnlyList<LedgerTotals> totals, IReadOnlyList<(string Queue, long Ready)> lag)
    {
        _totals = totals;
        _lag = lag;
    }

    private IEnumerable<Measurement<long>> PerCurrency(Func<LedgerTotals, long> value) =>
        _totals.Select(t => new Measurement<long>(value(t), Labels(t)));

    private IEnumerable<Measurement<double>> RecoveryRates() =>
        _totals.Where(t => t.RecoveredMinor + t.LostMinor > 0)
            .Select(t => new Measurement<double>((double)t.RecoveredMinor / (t.RecoveredMinor + t.LostMinor), Labels(t)));

    private static KeyValuePair<string, object?>[] Labels(LedgerTotals t) => [new("currency", t.Currency), new("mode", t.Mode)];

    public void Dispose() => _meter.Dispose();
}
