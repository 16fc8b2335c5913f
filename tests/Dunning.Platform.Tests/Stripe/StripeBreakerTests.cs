using System.Diagnostics.Metrics;
using Dunning.Platform.Stripe;
using Dunning.Platform.Tests.Support;
using Polly.CircuitBreaker;

namespace Dunning.Platform.Tests.Stripe;

/// <summary>The Stripe pipeline tells <see cref="StripeBreakerState"/> when its circuit opens, so Prometheus sees it (pure Polly logic).</summary>
public sealed class StripeBreakerTests
{
    [Fact]
    public async Task The_breaker_state_and_its_gauge_follow_the_circuit_opening_and_the_opening_is_counted()
    {
        using var state = new StripeBreakerState(PlatformHost.Database);
        var options = new StripeOptions { MaxRetries = 1, BreakerMinimumThroughput = 2, BreakerFailureRatio = 0.5, RequestsPerSecond = 1000 };
        var pipeline = StripeResilience.Build(options, TimeProvider.System, state);
        using var measurements = new BreakerMeasurements();
        Assert.Equal(0, measurements.Gauge());

        // One call, two attempts (the retry's one), both failing: the minimum throughput at a failure ratio of 1.
        await Assert.ThrowsAsync<HttpRequestException>(async () => await pipeline.ExecuteAsync(_ => throw new HttpRequestException("down")));
        await Assert.ThrowsAsync<BrokenCircuitException>(async () => await pipeline.ExecuteAsync(_ => ValueTask.CompletedTask));

        Assert.Equal(BreakerPosition.Open, state.Position);
        Assert.Equal(1, measurements.Gauge());
        Assert.Equal(1, measurements.Openings);
    }

    /// <summary>This test's service's breaker figures, read as a scrape would.</summary>
    private sealed class BreakerMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _gauge;
        private long _openings;

        public BreakerMeasurements()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name is StripeBreakerState.OpenInstrument or StripeBreakerState.OpenedInstrument) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<int>((_, value, tags, _) => { if (Ours(tags)) _gauge = value; });
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => { if (Ours(tags)) Interlocked.Add(ref _openings, value); });
            _listener.Start();
        }

        public long Openings => Interlocked.Read(ref _openings);

        public int Gauge()
        {
            _listener.RecordObservableInstruments();
            return _gauge;
        }

        private static bool Ours(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
                if (tag is { Key: "service", Value: PlatformHost.Schema }) return true;
            return false;
        }

        public void Dispose() => _listener.Dispose();
    }
}
