namespace Dunning.Notification;

/// <summary>Settings of the notification service (section <c>Notification</c>).</summary>
public sealed class NotificationOptions
{
    /// <summary>Key of the HMAC that signs unsubscribe links; set a long random value in production.</summary>
    public string UnsubscribeSecret { get; set; } = "dev-unsubscribe-secret-change-me";

    /// <summary>Public address of this service, used to build unsubscribe links.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5082";

    /// <summary>Where the Stripe billing portal sends the customer back to.</summary>
    public string BillingPortalReturnUrl { get; set; } = "https://example.com/account";

    public CadenceOptions Cadence { get; set; } = new();
}
