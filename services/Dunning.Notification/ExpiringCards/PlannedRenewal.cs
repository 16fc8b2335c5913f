namespace Dunning.Notification.ExpiringCards;

/// <summary>The payload of an expiring-card job: the renewal it looks ahead to, on the subscription's test clock if it has one.</summary>
public sealed record PlannedRenewal(string SubscriptionId, string CustomerId, DateTimeOffset RenewsAt, string? TestClockId);

/// <summary>The payload of a card-replaced check: the reminder, and the renewal it warned of.</summary>
public sealed record RemindedRenewal(string ReminderId, string SubscriptionId, string CustomerId, DateTimeOffset RenewsAt, string? TestClockId);
