namespace Dunning.Notification.ExpiringCards;

/// <summary>
/// The card a subscription's renewal will charge. <paramref name="Fingerprint"/> names the card number (null when Stripe gave
/// none); a card works to the end of its expiry month (UTC here: Stripe gives no time zone).
/// </summary>
public sealed record RenewalCard(string PaymentMethodId, string? Brand, string? Last4, string? Fingerprint, long ExpMonth, long ExpYear)
{
    /// <summary>The first moment the card no longer works.</summary>
    public DateTimeOffset ExpiresAt => new DateTimeOffset((int)ExpYear, (int)ExpMonth, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);

    public bool ExpiresBy(DateTimeOffset moment) => ExpiresAt <= moment;

    /// <summary>One reminder per customer, card and expiry: the same card saved twice (one fingerprint) is one card.</summary>
    public string ReminderIdFor(string customerId) => $"{customerId}:{Fingerprint ?? PaymentMethodId}:{ExpYear:D4}-{ExpMonth:D2}";
}
