namespace Dunning.Notification.Domain;

/// <summary>What the emails of one invoice's dunning case need.</summary>
public sealed record NotificationCase(
    string InvoiceId,
    string CustomerId,
    string? SubscriptionId,
    string? Email,
    string? Locale,
    long AmountMinor,
    string Currency,
    string? HostedUrl,
    DeclineKind Decline,
    CaseStatus Status);
