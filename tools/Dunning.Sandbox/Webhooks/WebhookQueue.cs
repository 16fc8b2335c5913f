using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Dunning.Sandbox.Webhooks;

/// <summary>Deliveries waiting to be sent, in the order their events happened.</summary>
public sealed class WebhookQueue(TimeProvider time)
{
    private readonly Channel<WebhookDelivery> _channel = Channel.CreateUnbounded<WebhookDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private long _pending;

    /// <summary>Deliveries not yet answered 2xx nor given up on: queued, held, in flight or waiting to be retried.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    public ChannelReader<WebhookDelivery> Reader => _channel.Reader;

    public void Enqueue(JsonObject evt, IReadOnlyList<WebhookTarget> targets)
    {
        var payload = evt.ToJsonString();
        var now = time.GetUtcNow();
        Interlocked.Add(ref _pending, targets.Count);
        foreach (var target in targets)
        {
            Write(new WebhookDelivery(evt["id"]!.GetValue<string>(), evt["type"]!.GetValue<string>(), PayloadFor(evt, payload, target), target, now));
        }
    }

    /// <summary>The event as this endpoint gets it: stamped with the endpoint's API version when it has its own.</summary>
    private static string PayloadFor(JsonObject evt, string payload, WebhookTarget target)
    {
        if (target.ApiVersion is null || target.ApiVersion == evt["api_version"]?.GetValue<string>()) return payload;
        var stamped = (JsonObject)evt.DeepClone();
        stamped["api_version"] = target.ApiVersion;
        return stamped.ToJsonString();
    }

    public void Write(WebhookDelivery delivery) => _channel.Writer.TryWrite(delivery);

    /// <summary>A delivery was answered 2xx, or given up on: it is no longer pending.</summary>
    public void Done() => Interlocked.Decrement(ref _pending);
}
