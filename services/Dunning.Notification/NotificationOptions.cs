namespace Dunning.Notification;

/// <summary>Settings of the notification service (section <c>Notification</c>).</summary>
public sealed class NotificationOptions
{
    /// <summary>
    /// Secrets of the unsubscribe links (<c>Notification__UnsubscribeSecrets__0</c>, <c>__1</c>, ...): the first makes new links,
    /// every one is accepted. To rotate, put a new secret first and keep the old one listed while links made with it should work.
    /// </summary>
    public List<string> UnsubscribeSecrets { get; set; } = [];

    /// <summary>
    /// The single secret of earlier versions (<c>Notification__UnsubscribeSecret</c>): still accepted after
    /// <see cref="UnsubscribeSecrets"/>, and makes links while that list is empty.
    /// </summary>
    public string UnsubscribeSecret { get; set; } = "";

    /// <summary>
    /// Public address of this service, used to build unsubscribe links. Outside Development it must be https (plain http only on
    /// a loopback address): the link carries a token, and mail apps offer one-click unsubscribe only for an HTTPS link.
    /// </summary>
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

    /// <summary>Every unsubscribe secret set, the one that makes links first.</summary>
    public IReadOnlyList<string> UnsubscribeSecretsInOrder() =>
        [.. UnsubscribeSecrets.Append(UnsubscribeSecret).Where(s => !string.IsNullOrWhiteSpace(s))];

    /// <summary>Each unsubscribe secret with the setting it comes from, for the start-up check (the list's first when none is set).</summary>
    public IEnumerable<(string Setting, string? Value)> UnsubscribeSecretSettings()
    {
        var settings = UnsubscribeSecrets.Select((secret, i) => ($"Notification:UnsubscribeSecrets:{i}", (string?)secret)).ToList();
        if (!string.IsNullOrEmpty(UnsubscribeSecret)) settings.Add(("Notification:UnsubscribeSecret", UnsubscribeSecret));
        return settings.Count > 0 ? settings : [("Notification:UnsubscribeSecrets:0", null)];
    }
}
