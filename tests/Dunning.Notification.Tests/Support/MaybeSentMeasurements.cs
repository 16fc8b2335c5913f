using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Dunning.Notification.Sending;

namespace Dunning.Notification.Tests.Support;

/// <summary>Listens to the service's maybe-sent counter (<see cref="SendingMetrics"/>) while it lives: the steps counted.</summary>
public sealed class MaybeSentMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _steps = new();

    public MaybeSentMeasurements()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == SendingMetrics.MaybeSentInstrument) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "step")
                    for (var i = 0; i < value; i++) _steps.Enqueue((string)tag.Value!);
        });
        _listener.Start();
    }

    public IReadOnlyList<string> Steps => [.. _steps];

    public void Dispose() => _listener.Dispose();
}
