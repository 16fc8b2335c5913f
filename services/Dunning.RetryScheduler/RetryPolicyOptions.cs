namespace Dunning.RetryScheduler;

/// <summary>The retry policy's numbers (section <c>RetryPolicy</c>); defaults from DUNNING-RULES.md §2–3.</summary>
public sealed class RetryPolicyOptions
{
    /// <summary>Scheduled retries per invoice (Stripe recommends at most 8). New-card retries do not count.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>No attempt later than this after the first failure.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(14);

    public TimeSpan FirstRetryAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Wait before retry n ≥ 2 is <c>FirstRetryAfter × BackoffFactor^(n-1)</c>, capped at <see cref="BackoffCap"/>.</summary>
    public double BackoffFactor { get; set; } = 1.25;

    public TimeSpan BackoffCap { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Share of the wait added or removed at random (deterministic per case and attempt).</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>Least time between two attempts on one invoice, unless a Mastercard advice code says otherwise.</summary>
    public TimeSpan MinSpacing { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Customer's local night, no attempts: from <see cref="QuietHoursStart"/> to <see cref="QuietHoursEnd"/>.</summary>
    public TimeSpan QuietHoursStart { get; set; } = TimeSpan.FromHours(22);

    public TimeSpan QuietHoursEnd { get; set; } = TimeSpan.FromHours(7);

    /// <summary>Retry soft declines such as insufficient funds at the start of the customer's day (a common practice, not a network rule).</summary>
    public bool PreferStartOfDay { get; set; } = true;

    /// <summary>IANA time zone used when the customer's is unknown.</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>Visa's per-card limits (docs/network-rules.md).</summary>
    public VisaRuleOptions Visa { get; set; } = new();

    /// <summary>Mastercard's per-card limits (docs/network-rules.md).</summary>
    public MastercardRuleOptions Mastercard { get; set; } = new();

    /// <summary>What the networks charge for an attempt that breaks one of their rules (the compliance report's fees).</summary>
    public NetworkFeeOptions Fees { get; set; } = new();

    /// <summary>How far an attempt is pushed back when Stripe gave no answer (network, 5xx, 429 after the pipeline's own retries); the
    /// attempt is not burned.</summary>
    public TimeSpan StripeOutageDeferral { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Share of <c>Stripe:RequestsPerSecond</c> that pay calls use, evenly spaced; the rest absorbs network jitter so no
    /// one-second window exceeds Stripe's limit.</summary>
    public double PayRateShare { get; set; } = 0.95;

    public FinalAction FinalAction { get; set; } = FinalAction.LeavePastDue;

    /// <summary>
    /// After a new card paid a case's invoice, make it the subscription's default when the subscription has its own default
    /// (Checkout's subscriptions do), so the next renewal charges the new card rather than the lost one.
    /// </summary>
    public bool MakeNewCardSubscriptionDefault { get; set; } = true;

    /// <summary>
    /// After a hard decline, pay once with each of the customer's other unexpired cards (a different fingerprint) before waiting
    /// for a new one. Off by default: charging a card the customer did not pick for the subscription needs their consent in the
    /// business's terms. Each try counts as one of <see cref="MaxAttempts"/> and on that card's network budgets.
    /// </summary>
    public bool BackupCards { get; set; }

    /// <summary>
    /// With <see cref="BackupCards"/> on: after this many soft declines in a row on the case's card, its next attempt pays once with
    /// a backup card instead; the schedule then goes on with the case's card. 0 (the default): only a hard decline tries backup cards,
    /// as a soft decline often passes on the same card (funds arrive), and each backup try uses one of the invoice's attempts.
    /// </summary>
    public int BackupCardAfterSoftFailures { get; set; }

    public RetryOwner RetryOwner { get; set; } = RetryOwner.Dunning;

    /// <summary>
    /// When each retry goes: at the schedule's backoff, or at the hour the learned model (<see cref="LearnedModel"/>) predicts best
    /// inside what the schedule and the network rules allow (<see cref="LearnedSchedule"/>). An experiment arm may set it.
    /// </summary>
    public RetryTiming Timing { get; set; } = RetryTiming.Schedule;

    /// <summary>
    /// The learned model's file (a zip that <c>scripts/lab.sh backtest --save-model</c> writes), loaded once at start-up; needed by
    /// <see cref="RetryTiming.Learned"/>, in the configured policy or an experiment arm's. Read at start only: a new model needs a restart.
    /// </summary>
    public string? LearnedModel { get; set; }

    /// <summary>A copy to apply an experiment arm's overrides to; shallow, as no arm may change the network settings it shares.</summary>
    internal RetryPolicyOptions Copy() => (RetryPolicyOptions)MemberwiseClone();
}

/// <summary>What happens to the subscription/invoice after the last attempt (Stripe offers the same three).</summary>
public enum FinalAction
{
    CancelSubscription,
    MarkUncollectible,
    LeavePastDue,
}

/// <summary>How <see cref="RetryPolicyOptions.Timing"/> times the retries.</summary>
public enum RetryTiming
{
    Schedule,
    Learned,
}

/// <summary>Who drives the retries: we (Stripe's automatic retries off) or Stripe's Smart Retries.</summary>
public enum RetryOwner
{
    Dunning,
    Stripe,
}
