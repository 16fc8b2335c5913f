using System.Text.Json.Nodes;
using Dunning.Sandbox.Webhooks;
using Microsoft.Extensions.Options;

namespace Dunning.Sandbox.Domain;

/// <summary>Records a Stripe event for a state change and queues its webhook deliveries. Call under the store's gate.</summary>
public sealed class EventPublisher(StripeStore store, WebhookTargets targets, WebhookQueue queue, IOptions<SandboxOptions> options)
{
    public void Emit(string type, JsonObject obj, long created, JsonObject? previous = null)
    {
        var evt = Fixtures.New("event");
        evt["id"] = Ids.New("evt");
        evt["api_version"] = options.Value.ApiVersion;
        evt["created"] = created;
        evt["type"] = type;
        evt["request"] = RequestInfo.ToJson(RequestInfo.Current);
        var data = new JsonObject { ["object"] = obj.DeepClone() };
        if (previous is { Count: > 0 }) data["previous_attributes"] = previous.DeepClone();
        evt["data"] = data;

        var recipients = targets.For(type);
        evt["pending_webhooks"] = recipients.Count;
        store.Add(evt);
        queue.Enqueue(evt, recipients);
    }
}
