using System.Diagnostics.Metrics;
using Dunning.Platform.Telemetry;

namespace Dunning.Metrics.Telemetry;

/// <summary>
/// Prometheus gauges on the shared "Dunning" meter: recovered/lost revenue, open cases and recovery rate per currency and mode
/// (label <c>mode</c>: <c>live</c> or <c>test</c>, so a live query filters <c>mode="live"</c> and test data never adds to it),
/// consumer lag (messages waiting) per metrics queue, and messages per <c>_error</c> queue of the virtual host (every service's).
/// Values come from the last <see cref="GaugeRefresher"/> snapshot.
/// </summary>
public sealed class MetricsGauges : IDisposable
{
    public const string ErrorQueueInstrument = "dunning.metrics.error_queue_messages";

    private static readonly SharedGauge<long> Recovered = new("dunning.metrics.recovered_revenue", "{minor_unit}",
        "Recovered revenue (cases closed recovered), per currency and mode");
    private static readonly SharedGauge<long> Lost = new("dunning.metrics.lost_revenue", "{minor_unit}",
        "Lost revenue (cases closed lost), per currency and mode");
    private static readonly SharedGauge<long> Open = new("dunning.metrics.open_cases", "{case}",
        "Dunning cases neither recovered nor lost, per currency and mode");
    private static readonly SharedGauge<double> Rate = new("dunning.metrics.recovery_rate", "1",
        "Recovered / (recovered + lost) by amount, per currency and mode");
    private static readonly SharedGauge<long> Lag = new("dunning.metrics.consumer_lag", "{message}", "Messages waiting in the metrics service's queues");
    private static readonly SharedGauge<long> ErrorQueues = new(ErrorQueueInstrument, "{message}",
        "Messages in each _error queue: consumed and failed, waiting for a re-drive");

    private readonly IDisposable[] _observations;
    private volatile IReadOnlyList<LedgerTotals> _totals = [];
    private volatile IReadOnlyList<(string Queue, long Ready)> _lag = [];
    private volatile IReadOnlyList<(string Queue, long Messages)> _errorQueues = [];

    public MetricsGauges() => _observations =
    [
        Recovered.Observe(() => PerCurrency(t => t.RecoveredMinor)),
        Lost.Observe(() => PerCurrency(t => t.LostMinor)),
        Open.Observe(() => PerCurrency(t => t.OpenCases)),
        Rate.Observe(RecoveryRates),
        Lag.Observe(() => _lag.Select(l => new Measurement<long>(l.Ready, Queue(l.Queue)))),
        ErrorQueues.Observe(() => _errorQueues.Select(q => new Measurement<long>(q.Messages, Queue(q.Queue)))),
    ];

    public void Update(IReadOnlyList<LedgerTotals> totals, IReadOnlyList<(string Queue, long Ready)> lag,
        IReadOnlyList<(string Queue, long Messages)> errorQueues)
    {
        _totals = totals;
        _lag = lag;
        _errorQueues = errorQueues;
    }

    private IEnumerable<Measurement<long>> PerCurrency(Func<LedgerTotals, long> value) =>
        _totals.Select(t => new Measurement<long>(value(t), Labels(t)));

    private IEnumerable<Measurement<double>> RecoveryRates() =>
        _totals.Where(t => t.RecoveredMinor + t.LostMinor > 0)
            .Select(t => new Measurement<double>((double)t.RecoveredMinor / (t.RecoveredMinor + t.LostMinor), Labels(t)));

    private static KeyValuePair<string, object?>[] Labels(LedgerTotals t) => [new("currency", t.Currency), new("mode", t.Mode)];

    private static KeyValuePair<string, object?> Queue(string name) => new("queue", name);

    public void Dispose()
    {
        foreach (var observation in _observations) observation.Dispose();
    }
}
