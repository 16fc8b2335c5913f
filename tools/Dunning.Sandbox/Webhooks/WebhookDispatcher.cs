using Microsoft.Extensions.Options;

namespace Dunning.Sandbox.Webhooks;

/// <summary>
/// Routes queued deliveries to their endpoint's <see cref="WebhookLane"/>: up to <c>Webhooks:Concurrency</c> requests
/// in flight per endpoint (1 = one at a time, in event order). A failed delivery (non-2xx, timeout, refused) is
/// retried later with exponential backoff, like Stripe, while later events go on. Chaos settings may send a
/// delivery twice or hold it back behind the next one; <see cref="WebhookHold"/> may hold deliveries back and release them at a rate.
/// </summary>
public sealed class WebhookDispatcher(WebhookQueue queue, WebhookSender sender, WebhookHold hold, IOptions<SandboxOptions> options,
    ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    private readonly Dictionary<string, WebhookLane> _lanes = [];
    private WebhookDelivery? _heldBack;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var delivery in queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (hold.TryKeep(delivery) || ShouldHoldBack(delivery)) continue;
                LaneOf(delivery, stoppingToken).Write(delivery);
                if (_heldBack is { } held)
                {
                    _heldBack = null;
                    LaneOf(held, stoppingToken).Write(held);
                }
            }
        }
        finally
        {
            await Task.WhenAll(_lanes.Values.Select(l => l.CompleteAsync())).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private WebhookLane LaneOf(WebhookDelivery delivery, CancellationToken ct)
    {
        if (!_lanes.TryGetValue(delivery.Target.Id, out var lane))
        {
            lane = _lanes[delivery.Target.Id] = new WebhookLane(options.Value.Webhooks.Concurrency, DeliverAsync, ct);
        }
        return lane;
    }

    private bool ShouldHoldBack(WebhookDelivery delivery)
    {
        if (_heldBack is not null || delivery.Attempt > 1 || !Roll(options.Value.Chaos.ReorderRate)) return false;
        _heldBack = delivery;
        return true;
    }

    private async Task DeliverAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        var ok = await sender.SendAsync(delivery, ct);
        if (ok && delivery.Attempt == 1 && Roll(options.Value.Chaos.DuplicateRate))
        {
            await sender.SendAsync(delivery, ct);
        }
        if (ok) queue.Done();
        else ScheduleRetry(delivery, ct);
    }

    private void ScheduleRetry(WebhookDelivery delivery, CancellationToken ct)
    {
        var o = options.Value.Webhooks;
        if (delivery.Attempt >= o.MaxAttempts)
        {
            logger.LogWarning("Giving up on {EventId} to {Url} after {Attempts} attempts", delivery.EventId, delivery.Target.Url, delivery.Attempt);
            queue.Done();
            return;
        }
        var delay = Math.Min(o.MaxRetryDelayMs, o.FirstRetryDelayMs * Math.Pow(2, delivery.Attempt - 1));
        _ = Task.Delay(TimeSpan.FromMilliseconds(delay), ct)
            .ContinueWith(_ => queue.Write(delivery with { Attempt = delivery.Attempt + 1 }), TaskContinuationOptions.OnlyOnRanToCompletion);
    }

    // Random.Shared: the lanes' senders roll from several threads at once.
    private static bool Roll(double rate) => rate > 0 && Random.Shared.NextDouble() < rate;
}
