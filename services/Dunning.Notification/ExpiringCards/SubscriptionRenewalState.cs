namespace Dunning.Notification.ExpiringCards;

/// <summary>
/// A subscription as Stripe has it now, as far as its next renewal goes: whether it renews by charging a card and when, the card
/// it will charge (null: none known, e.g. a legacy source), and its customer's address and languages.
/// </summary>
public sealed record SubscriptionRenewalState(string SubscriptionId, string CustomerId, DateTimeOffset? RenewsAt, RenewalCard? Card,
    string? Email, IReadOnlyList<string> PreferredLocales, string? TestClockId);
