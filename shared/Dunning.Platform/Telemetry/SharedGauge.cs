using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Dunning.Platform.Telemetry;

/// <summary>
/// An observable gauge on <see cref="DunningMeter"/> that lives as long as the process; each instance that has figures for it adds a
/// source (its measurements, read at scrape time without I/O) and removes it when disposed, leaving the others' series alone.
/// </summary>
public sealed class SharedGauge<T> where T : struct
{
    private readonly ConcurrentDictionary<object, Func<IEnumerable<Measurement<T>>>> _sources = new();

    public SharedGauge(string name, string? unit, string description) =>
        DunningMeter.Meter.CreateObservableGauge(name, () => _sources.Values.SelectMany(source => source()).ToList(), unit, description);

    /// <summary>Adds <paramref name="measurements"/> until the returned handle is disposed.</summary>
    public IDisposable Observe(Func<IEnumerable<Measurement<T>>> measurements)
    {
        var key = new object();
        _sources[key] = measurements;
        return new Removal(() => _sources.TryRemove(key, out _));
    }

    private sealed class Removal(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
