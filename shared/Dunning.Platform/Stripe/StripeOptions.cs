namespace Dunning.Platform.Stripe;

/// <summary>Stripe settings (section <c>Stripe</c>), shared by every service that talks to Stripe.</summary>
public sealed class StripeOptions
{
    /// <summary>Webhook signing secrets (<c>Stripe__WebhookSecrets__0</c>, <c>__1</c>, ...); several at once during rotation.</summary>
    public List<string> WebhookSecrets { get; set; } = [];

    /// <summary>Oldest webhook signature timestamp accepted, in seconds (Stripe's default: 300).</summary>
    public long SignatureToleranceSeconds { get; set; } = 300;

    /// <summary>Secret API key; without a real one, calls go to the sandbox.</summary>
    public string ApiKey { get; set; } = "sk_test_sandbox";

    /// <summary>Stripe's API (<c>https://api.stripe.com</c>) or the sandbox's.</summary>
    public string ApiBase { get; set; } = "http://127.0.0.1:12111";

    /// <summary>Stripe requests per second (Stripe allows 25/s in test mode, 100/s live).</summary>
    public int RequestsPerSecond { get; set; } = 25;

    /// <summary>Longest wait for one Stripe answer.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of one call on network errors, 5xx, 409 and 429.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Circuit breaker: share of failed calls over <see cref="BreakerWindow"/> that opens it.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    public TimeSpan BreakerWindow { get; set; } = TimeSpan.FromSeconds(30);

    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    public const string LiveKeyGoesToStripeOverHttpsError =
        "Stripe:ApiKey is a live-mode key (sk_live_/rk_live_) but Stripe:ApiBase is not https://: set Stripe__ApiBase=https://api.stripe.com "
        + "(with Docker: STRIPE_API_BASE=https://api.stripe.com). A live key is never sent to the sandbox or over plain HTTP.";

    /// <summary>A live-mode key goes only over HTTPS (never to the sandbox's plain-HTTP API, where a compose default once sent it).</summary>
    public static bool LiveKeyGoesToStripeOverHttps(StripeOptions options) =>
        !(options.ApiKey.StartsWith("sk_live_", StringComparison.Ordinal) || options.ApiKey.StartsWith("rk_live_", StringComparison.Ordinal))
        || options.ApiBase.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
