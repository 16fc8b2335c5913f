namespace Dunning.Sandbox.Webhooks;

/// <summary>One event on its way to one endpoint; <see cref="Attempt"/> counts from 1.</summary>
public sealed record WebhookDelivery(string EventId, string EventType, string Payload, WebhookTarget Target, int Attempt = 1);
