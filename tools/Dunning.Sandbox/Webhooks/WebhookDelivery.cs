namespace Dunning.Sandbox.Webhooks;

/// <summary>
/// One event on its way to one endpoint; <see cref="Attempt"/> counts from 1. <see cref="QueuedAt"/> is when the
/// event was emitted (kept across retries), so the record tells how long each event waited for its endpoint; for a delivery
/// held back (<see cref="WebhookHold"/>), when it was released, and <see cref="Released"/> is set.
/// </summary>
public sealed record WebhookDelivery(string EventId, string EventType, string Payload, WebhookTarget Target, DateTimeOffset QueuedAt, int Attempt = 1)
{
    public bool Released { get; init; }
}
