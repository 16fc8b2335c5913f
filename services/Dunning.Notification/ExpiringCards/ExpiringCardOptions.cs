namespace Dunning.Notification.ExpiringCards;

/// <summary>
/// Settings of the expiring-card reminders (section <c>ExpiringCards</c>). Off by default: Stripe Billing can send its own
/// expiring-card emails (a setting in the business's Stripe account), and a customer told twice is worse than once.
/// </summary>
public sealed class ExpiringCardOptions
{
    public const string Section = "ExpiringCards";

    /// <summary>Sends a reminder when the card a subscription renews on expires before the renewal.</summary>
    public bool Enabled { get; set; }

    /// <summary>How long before the renewal the reminder goes out (now, if the renewal is nearer than that).</summary>
    public TimeSpan RemindBefore { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// Where the customer puts in a new card (the business's own account page); empty: a Stripe billing-portal session for the
    /// customer, made when the reminder is sent.
    /// </summary>
    public string UpdateCardUrl { get; set; } = "";

    public const string UrlRule = $"{Section}:UpdateCardUrl must be an absolute https URL (http only on a loopback address), or empty.";

    public bool UrlIsUsable() => string.IsNullOrEmpty(UpdateCardUrl)
        || (Uri.TryCreate(UpdateCardUrl, UriKind.Absolute, out var uri) && (uri.Scheme == "https" || (uri.Scheme == "http" && uri.IsLoopback)));
}
