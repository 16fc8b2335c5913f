namespace Dunning.Sandbox;

/// <summary>Configuration section "Sandbox" (env vars Sandbox__WebhookUrl, Sandbox__Chaos__DuplicateRate, ...).</summary>
public sealed class SandboxOptions
{
    /// <summary>Default webhook endpoint; empty means only endpoints created through the API.</summary>
    public string WebhookUrl { get; set; } = "";

    public string WebhookSecret { get; set; } = "whsec_sandbox_dunning";

    /// <summary>
    /// The secret Dunning signs its webhooks to the business with (BusinessWebhooks:Secrets:0), so the demo business endpoint
    /// (<c>POST /sandbox/app/dunning-webhooks</c>) can check them; empty: received, not checked.
    /// </summary>
    public string BusinessWebhookSecret { get; set; } = "";

    /// <summary>Base of the hosted invoice / billing portal links the sandbox hands out.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:12111";

    /// <summary>Stripe.net 53.x pinned API version, stamped on every event.</summary>
    public string ApiVersion { get; set; } = "2026-10-28.endive";

    public WebhookDeliveryOptions Webhooks { get; set; } = new();

    public ChaosOptions Chaos { get; set; } = new();

    public SmartRetryOptions SmartRetries { get; set; } = new();
}

/// <summary>
/// Stripe-owned automatic retries (Smart-Retries-like), off by default: Dunning owns retries. Stripe's recommended
/// default is "8 tries within 2 weeks" (docs.stripe.com/payments/off-session-payments/smart-retries); Stripe times them
/// by machine learning, the sandbox spreads them evenly over the window. After the last try fails, the subscription
/// gets <see cref="FinalStatus"/> (Stripe's settings: cancel it, mark it unpaid, or leave it past-due). Renewals only run
/// as a test clock advances, so the retries do too.
/// </summary>
public sealed class SmartRetryOptions
{
    public bool Enabled { get; set; }

    /// <summary>Automatic tries in all, the first (renewal) attempt included.</summary>
    public int Tries { get; set; } = 8;

    public double WindowDays { get; set; } = 14;

    /// <summary>past_due (leave it), unpaid or canceled.</summary>
    public string FinalStatus { get; set; } = "past_due";

}

public sealed class WebhookDeliveryOptions
{
    public int MaxAttempts { get; set; } = 8;
    public int FirstRetryDelayMs { get; set; } = 1000;
    public int MaxRetryDelayMs { get; set; } = 60_000;
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Deliveries in flight per endpoint at once. Stripe "doesn't guarantee delivery of events in the order in which
    /// they're generated" (docs.stripe.com/webhooks#event-ordering) and delivers concurrently, so the default overlaps them
    /// (concurrent and out of order); 1 sends one at a time, in event order.
    /// </summary>
    public int Concurrency { get; set; } = 8;
}

public sealed class ChaosOptions
{
    /// <summary>Probability (0..1) that a delivery is sent twice.</summary>
    public double DuplicateRate { get; set; }

    /// <summary>Probability (0..1) that a delivery is held back and sent after the next one.</summary>
    public double ReorderRate { get; set; }
}
