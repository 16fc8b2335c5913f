namespace Dunning.Sandbox;

/// <summary>Configuration section "Sandbox" (env vars Sandbox__WebhookUrl, Sandbox__Chaos__DuplicateRate, ...).</summary>
public sealed class SandboxOptions
{
    /// <summary>Default webhook endpoint; empty means only endpoints created through the API.</summary>
    public string WebhookUrl { get; set; } = "";

    public string WebhookSecret { get; set; } = "whsec_sandbox_dunning";

    /// <summary>Base of the hosted invoice / billing portal links the sandbox hands out.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:12111";

    /// <summary>Stripe.net 53.x pinned API version, stamped on every event.</summary>
    public string ApiVersion { get; set; } = "2026-10-28.endive";

    public WebhookDeliveryOptions Webhooks { get; set; } = new();

    public ChaosOptions Chaos { get; set; } = new();
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
