namespace Dunning.RetryScheduler;

/// <summary>
/// Visa's excessive-reattempt rule (section <c>RetryPolicy:Visa</c>): merchant- and customer-initiated attempts on a card are counted
/// apart, each at most its limit in <see cref="Period"/>. 15 by default because Stripe blocks the 16th retry itself
/// (<c>previously_declined_do_not_retry</c>); 20 where the processor applies Visa's 2026 rule.
/// </summary>
public sealed class VisaRuleOptions
{
    /// <summary>Merchant-initiated attempts (Dunning's pay calls, Stripe's own charges and retries) per card in <see cref="Period"/>.</summary>
    public int MaxAttempts { get; set; } = 15;

    /// <summary>Customer-initiated attempts (the customer paying on the hosted invoice page) per card in <see cref="Period"/>.</summary>
    public int CustomerInitiatedMaxAttempts { get; set; } = 15;

    public TimeSpan Period { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>
/// Mastercard's Transaction Processing Excellence rules (section <c>RetryPolicy:Mastercard</c>): per card and amount (one merchant is
/// one Stripe account), a short per-card limit, and no attempt for a while after advice code 03 or 21.
/// </summary>
public sealed class MastercardRuleOptions
{
    /// <summary>Attempts per card and amount in <see cref="Period"/>.</summary>
    public int MaxAttempts { get; set; } = 35;

    public TimeSpan Period { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Attempts per card, whatever the amount, in <see cref="ShortPeriod"/>; null: no short limit.</summary>
    public int? ShortMaxAttempts { get; set; } = 10;

    public TimeSpan? ShortPeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>No attempt on a card for this long after it was declined with Merchant Advice Code 03 or 21 (any is charged); zero: none.</summary>
    public TimeSpan DoNotRetryPeriod { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>
/// The networks' fees per attempt that breaks a rule (section <c>RetryPolicy:Fees</c>), in <see cref="Currency"/>. Stripe's events do not
/// say where a card was issued, so the compliance report gives Visa's fees at both its domestic and its cross-border rate.
/// </summary>
public sealed class NetworkFeeOptions
{
    public string Currency { get; set; } = "USD";

    /// <summary>Visa, per excessive reattempt on a domestic card.</summary>
    public decimal VisaExcessiveReattempt { get; set; } = 0.10m;

    /// <summary>Visa, per excessive reattempt on a card issued abroad (from 25 April 2026).</summary>
    public decimal VisaExcessiveReattemptCrossBorder { get; set; } = 0.25m;

    /// <summary>Mastercard, per excessive attempt (since January 2025).</summary>
    public decimal MastercardExcessiveAttempt { get; set; } = 0.50m;

    /// <summary>Mastercard, per attempt within <see cref="MastercardRuleOptions.DoNotRetryPeriod"/> of advice code 03 or 21.</summary>
    public decimal MastercardAfterDoNotRetry { get; set; } = 0.50m;
}
