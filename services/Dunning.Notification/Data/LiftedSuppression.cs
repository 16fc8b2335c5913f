namespace Dunning.Notification.Data;

/// <summary>A suppression support lifted: why and since when the address had been suppressed.</summary>
public sealed record LiftedSuppression(string Reason, DateTimeOffset Since);
