namespace Dunning.Contracts;

/// <summary>
/// The notification service told a customer that the card their subscription renews on expires before the renewal
/// (once per customer, card and expiry).
/// </summary>
/// <param name="ReminderId">The reminder's key: customer, card (fingerprint, else payment method) and expiry.</param>
/// <param name="SentAt">In the subscription's own time: its Stripe test clock's if it runs on one, else wall time.</param>
public record ExpiringCardReminded(
    string SourceEventId,
    string ReminderId,
    string CustomerId,
    string SubscriptionId,
    DateTimeOffset RenewsAt,
    DateTimeOffset SentAt) : IDunningMessage;
