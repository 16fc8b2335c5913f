namespace Dunning.Contracts;

/// <summary>
/// A failure prevented: at the renewal a reminder warned of, the card the subscription charges no longer expires before it
/// (the customer put in another card, or the card updater or the customer extended its expiry).
/// </summary>
/// <param name="CheckedAt">The renewal's moment, in the subscription's own time.</param>
public record ExpiringCardReplaced(
    string SourceEventId,
    string ReminderId,
    string CustomerId,
    string SubscriptionId,
    DateTimeOffset CheckedAt) : IDunningMessage;
