using System.Diagnostics.Metrics;
using Dunning.Platform.Data;
using Dunning.Platform.Telemetry;

namespace Dunning.Platform.Stripe;

/// <summary>
/// The Stripe circuit breaker as Prometheus sees it, per <c>service</c>: <c>dunning_stripe_breaker_open</c> (1 while open or
/// half-open, 0 closed) and <c>dunning_stripe_breaker_opened_total</c> (times it opened, so an opening shorter than a scrape
/// interval is still seen). Set by the pipeline's OnOpened/OnHalfOpened/OnClosed (<see cref="StripeResilience"/>).
/// </summary>
public sealed class StripeBreakerState : IDisposable
{
    public const string OpenInstrument = "dunning.stripe.breaker_open";
    public const string OpenedInstrument = "dunning.stripe.breaker_opened";

    private static readonly SharedGauge<int> OpenGauge = new(OpenInstrument, null, "1 while the Stripe circuit breaker is open or half-open, per service");
    private static readonly Counter<long> Openings = DunningMeter.Meter.CreateCounter<long>(OpenedInstrument, "{opening}",
            "Times the Stripe circuit breaker opened, per service");

    private readonly KeyValuePair<string, object?> _service;
    private readonly IDisposable _observation;
    private volatile BreakerPosition _position = BreakerPosition.Closed;

    public StripeBreakerState(ServiceDatabase database)
    {
        _service = new("service", database.Schema);
        _observation = OpenGauge.Observe(() => [new(_position == BreakerPosition.Closed ? 0 : 1, _service)]);
    }

    public BreakerPosition Position => _position;

    public void Open()
    {
        _position = BreakerPosition.Open;
        Openings.Add(1, _service);
    }

    public void HalfOpen() => _position = BreakerPosition.HalfOpen;

    public void Close() => _position = BreakerPosition.Closed;

    public void Dispose() => _observation.Dispose();
}

public enum BreakerPosition { Closed, HalfOpen, Open }
