using System.Threading.Channels;

namespace Dunning.Sandbox.Webhooks;

/// <summary>
/// One endpoint's deliveries, read by <c>concurrency</c> senders: at most that many requests to the endpoint are in
/// flight. With one sender they go one at a time, in the order they were written; with more, they overlap and
/// may finish out of order, as Stripe's own deliveries do.
/// </summary>
public sealed class WebhookLane
{
    private readonly Channel<WebhookDelivery> _channel;
    private readonly Task[] _senders;

    public WebhookLane(int concurrency, Func<WebhookDelivery, CancellationToken, Task> deliver, CancellationToken ct)
    {
        _channel = Channel.CreateUnbounded<WebhookDelivery>(new UnboundedChannelOptions { SingleReader = concurrency == 1 });
        _senders = [.. Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => Task.Run(() => SendAllAsync(deliver, ct), ct))];
    }

    public void Write(WebhookDelivery delivery) => _channel.Writer.TryWrite(delivery);

    /// <summary>Stops taking deliveries; completes when the senders have finished (or were cancelled).</summary>
    public Task CompleteAsync()
    {
        _channel.Writer.TryComplete();
        return Task.WhenAll(_senders);
    }

    private async Task SendAllAsync(Func<WebhookDelivery, CancellationToken, Task> deliver, CancellationToken ct)
    {
        await foreach (var delivery in _channel.Reader.ReadAllAsync(ct))
        {
            await deliver(delivery, ct);
        }
    }
}
