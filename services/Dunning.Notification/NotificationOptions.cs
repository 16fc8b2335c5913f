namespace Dunning.Notification;

/// <summary>Settings of the notification service (section <c>Notification</c>).</summary>
public sealed class NotificationOptions
{
    /// <summary>Key of the HMAC that signs unsubscribe links; set a long random value in production.</summary>
    public string UnsubscribeSecret { get; set; } = "";

    /// <summary>Public address of this service, used to build unsubscribe links.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5082";

    /// <summary>Where the Stripe billing portal sends the customer back to.</summary>
    public string BillingPortalReturnUrl { get; set; } = "https://example.com/account";

    /// <summary>
    /// How long a customer's language read from Stripe is reused for their other invoices' emails (zero: ask Stripe every time).
    /// A customer who changes <c>preferred_locales</c> gets the new language after this at the latest.
    /// </summary>
    public TimeSpan CustomerLocaleCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most customers whose language is remembered at once (beyond it, the least recently used are dropped).</summary>
    public int CustomerLocaleCacheSize { get; set; } = 10_000;

    public CadenceOptions Cadence { get; set; } = new();
}
