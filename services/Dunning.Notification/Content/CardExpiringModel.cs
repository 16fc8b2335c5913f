namespace Dunning.Notification.Content;

/// <summary>The values the expiring-card reminder's template sees (already formatted for the locale).</summary>
/// <param name="Card">The card as the customer knows it, e.g. "Visa •••• 4242".</param>
/// <param name="Expiry">Its expiry as printed on it, e.g. "12/26".</param>
public sealed record CardExpiringModel(string Card, string Expiry, string RenewalDate, string Link, string UnsubscribeUrl);
