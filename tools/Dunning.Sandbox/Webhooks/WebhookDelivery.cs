namespace Dunning.Sandbox.Webhooks;

/// <summary>
/// One event on its way to one endpoint; <see cref="Attempt"/> counts from 1. <see cref="QueuedAt"/> is when the
/// event was emitted (kept across retries), so the record tells how long each event waited for its endpoint.
/// </summary>
public sealed record WebhookDelivery(string EventId, string EventType, string Payload, WebhookTarget Target, DateTimeOffset QueuedAt, int Attempt = 1);
