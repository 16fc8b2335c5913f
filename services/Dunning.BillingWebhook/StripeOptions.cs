namespace Dunning.BillingWebhook;

/// <summary>Stripe settings (section <c>Stripe</c>).</summary>
public sealed class StripeOptions
{
    /// <summary>Webhook signing secrets (<c>Stripe__WebhookSecrets__0</c>, <c>__1</c>, ...); several at once during rotation.</summary>
    public List<string> WebhookSecrets { get; set; } = [];

    /// <summary>Oldest signature timestamp accepted, in seconds (Stripe's default: 300).</summary>
    public long SignatureToleranceSeconds { get; set; } = 300;

    public string? ApiKey { get; set; }

    /// <summary>Stripe's API, or the sandbox's when there is no real key.</summary>
    public string ApiBase { get; set; } = "http://127.0.0.1:12111";
}
