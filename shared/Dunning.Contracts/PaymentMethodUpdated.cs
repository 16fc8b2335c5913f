namespace Dunning.Contracts;

/// <summary>A customer has a new default card, or the card updater refreshed one of their cards.</summary>
/// <param name="CardBrand">Null when the event named the card only by its id.</param>
/// <param name="CardFingerprint">Null when the event named the card only by its id.</param>
/// <param name="ByCardUpdater">
/// Stripe's card updater refreshed an existing card (<c>payment_method.automatically_updated</c>): it is new only to the
/// cases that failed on that card, not the customer's new default.
/// </param>
public record PaymentMethodUpdated(
    string SourceEventId,
    string CustomerId,
    string PaymentMethodId,
    string? CardBrand,
    string? CardFingerprint,
    DateTimeOffset OccurredAt,
    bool ByCardUpdater = false) : IDunningMessage;
