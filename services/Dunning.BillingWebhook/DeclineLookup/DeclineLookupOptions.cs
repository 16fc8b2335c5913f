namespace Dunning.BillingWebhook.DeclineLookup;

/// <summary>Fetching decline details from Stripe when the failure event carried none (section <c>DeclineLookup</c>).</summary>
public sealed class DeclineLookupOptions
{
    /// <summary>How long Stripe may be unreachable before the failure is published without decline details.</summary>
    public TimeSpan Patience { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Wait between lookups while Stripe is unreachable.</summary>
    public TimeSpan RetryEvery { get; set; } = TimeSpan.FromSeconds(5);
}
