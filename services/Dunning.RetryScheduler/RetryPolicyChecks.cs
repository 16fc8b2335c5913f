namespace Dunning.RetryScheduler;

/// <summary>
/// What makes a retry policy unusable, by the setting's key under <c>RetryPolicy</c>. The service refuses to start with one, and the
/// policy lab refuses a policy file with one: both run exactly the policies the scheduler accepts.
/// </summary>
public static class RetryPolicyChecks
{
    /// <summary>One line per unusable setting, naming its key (e.g. <c>Visa:MaxAttempts must be positive</c>); empty when usable.</summary>
    public static IReadOnlyList<string> Problems(RetryPolicyOptions p)
    {
        var problems = new List<string>();
        void Positive(string key, double value)
        {
            if (value <= 0) problems.Add($"{key} must be positive");
        }
        void NotNegative(string key, double value)
        {
            if (value < 0) problems.Add($"{key} must be zero or more");
        }

        Positive(nameof(p.MaxAttempts), p.MaxAttempts);
        Positive(nameof(p.Window), p.Window.Ticks);
        NotNegative(nameof(p.MinSpacing), p.MinSpacing.Ticks);
        Positive("Visa:MaxAttempts", p.Visa.MaxAttempts);
        Positive("Visa:CustomerInitiatedMaxAttempts", p.Visa.CustomerInitiatedMaxAttempts);
        Positive("Visa:Period", p.Visa.Period.Ticks);
        Positive("Mastercard:MaxAttempts", p.Mastercard.MaxAttempts);
        Positive("Mastercard:Period", p.Mastercard.Period.Ticks);
        if (p.Mastercard is { ShortMaxAttempts: { } shortMax, ShortPeriod: { } shortPeriod }) // the short limit is off when either is unset
        {
            Positive("Mastercard:ShortMaxAttempts", shortMax);
            Positive("Mastercard:ShortPeriod", shortPeriod.Ticks);
        }
        NotNegative("Fees:VisaExcessiveReattempt", (double)p.Fees.VisaExcessiveReattempt);
        NotNegative("Fees:VisaExcessiveReattemptCrossBorder", (double)p.Fees.VisaExcessiveReattemptCrossBorder);
        NotNegative("Fees:MastercardExcessiveAttempt", (double)p.Fees.MastercardExcessiveAttempt);
        NotNegative("Fees:MastercardAfterDoNotRetry", (double)p.Fees.MastercardAfterDoNotRetry);
        return problems;
    }

    /// <summary>The first unusable setting, or null (an experiment arm's policy is refused with it).</summary>
    public static string? Problem(RetryPolicyOptions p) => Problems(p).FirstOrDefault();
}
