namespace Dunning.Sandbox.Webhooks;

/// <summary>
/// Holds webhook deliveries back, then releases them at a steady rate — as Stripe catches up on an endpoint after an
/// outage, and as a load drill offers a month of pre-generated traffic at exactly its target rate, without generating it
/// on the same cores meanwhile. Deliveries that come while some are held queue behind them. A released delivery's
/// <see cref="WebhookDelivery.QueuedAt"/> becomes its release time: the moment it was offered to the endpoint.
/// </summary>
public sealed class WebhookHold(WebhookQueue queue, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Queue<WebhookDelivery> _held = new();
    private bool _holding;
    private long _released;
    private DateTimeOffset? _releaseStartedAt;
    private DateTimeOffset? _drainedAt;

    public HoldState State
    {
        get { lock (_gate) return new HoldState(_holding, _held.Count, _released, _releaseStartedAt, _drainedAt); }
    }

    /// <summary>From now on, deliveries wait until <see cref="Release"/>.</summary>
    public HoldState Hold()
    {
        lock (_gate) _holding = true;
        return State;
    }

    /// <summary>
    /// Sends what waits at <paramref name="perSecond"/> deliveries a second (and what comes meanwhile, behind it); then deliveries flow as they come.
    /// </summary>
    public HoldState Release(double perSecond, CancellationToken stopping)
    {
        long started;
        lock (_gate)
        {
            _holding = false;
            started = time.GetTimestamp();
            _releaseStartedAt = time.GetUtcNow();
            _drainedAt = null;
        }
        _ = Task.Run(() => PaceAsync(perSecond, started, stopping), stopping);
        return State;
    }

    /// <summary>For the dispatcher: keeps <paramref name="delivery"/> if deliveries are held or still waiting to be released.</summary>
    public bool TryKeep(WebhookDelivery delivery)
    {
        if (delivery.Released) return false;
        lock (_gate)
        {
            if (!_holding && _held.Count == 0) return false;
            _held.Enqueue(delivery);
            return true;
        }
    }

    /// <summary>Paced from <paramref name="started"/>, the moment <see cref="HoldState.ReleaseStartedAt"/> names, so the release offers
    /// exactly <paramref name="perSecond"/> over the window it reports.</summary>
    private async Task PaceAsync(double perSecond, long started, CancellationToken stopping)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10), time);
        var sent = 0L;
        while (await tick.WaitForNextTickAsync(stopping))
        {
            var due = (long)(time.GetElapsedTime(started).TotalSeconds * perSecond);
            lock (_gate)
            {
                var now = time.GetUtcNow();
                while (sent < due && _held.TryDequeue(out var delivery))
                {
                    queue.Write(delivery with { QueuedAt = now, Released = true });
                    sent++;
                    _released++;
                }
                if (_held.Count == 0 && !_holding)
                {
                    _drainedAt = now;
                    return;
                }
            }
        }
    }
}

/// <summary>
/// Whether deliveries are held, how many wait, how many were released so far, and the last release's window: when it started
/// and when its last held delivery went out (null while it runs). A drill's load window is exactly that span.
/// </summary>
public sealed record HoldState(bool Holding, int Waiting, long Released, DateTimeOffset? ReleaseStartedAt, DateTimeOffset? DrainedAt);
