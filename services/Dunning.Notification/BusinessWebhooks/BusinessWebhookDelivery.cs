namespace Dunning.Notification.BusinessWebhooks;

/// <summary>A row of the delivery log: the event, where its delivery stands, and what the endpoint last said.</summary>
public sealed record BusinessWebhookDelivery(string EventId, string Type, string InvoiceId, string CustomerId, string Payload,
    DateTimeOffset CreatedAt, string Status, int Attempts, DateTimeOffset? LastAttemptAt, int? LastStatus, string? LastError,
    DateTimeOffset? DeliveredAt)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
