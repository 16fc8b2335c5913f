namespace Dunning.BillingWebhook.DeclineLookup;

/// <summary>Fetching decline details from Stripe for a failure (section <c>DeclineLookup</c>).</summary>
public sealed class DeclineLookupOptions
{
    /// <summary>
    /// How long the failure is held while Stripe is unreachable. After that it is published as
    /// <see cref="Contracts.DeclineDetails.Unknown"/>: emailed, never retried blind.
    /// </summary>
    public TimeSpan Patience { get; set; } = TimeSpan.FromHours(1);

    /// <summary>First wait between look-ups while Stripe is unreachable; each further wait doubles, up to <see cref="RetryAtMost"/>.</summary>
    public TimeSpan RetryEvery { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryAtMost { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long the look-up waits for the failure's <c>payment_intent.payment_failed</c> (Stripe sends both, in no set order),
    /// whose details spare a Stripe read.
    /// </summary>
    public TimeSpan WaitForPaymentEvent { get; set; } = TimeSpan.FromSeconds(2);
}
