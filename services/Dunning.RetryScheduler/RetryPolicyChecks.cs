using Dunning.RetryScheduler.Domain;

namespace Dunning.RetryScheduler;

/// <summary>What a retry policy must satisfy, from the settings at start-up or with an experiment arm's overrides applied.</summary>
public static class RetryPolicyChecks
{
    public const string AttemptsAndWindow = "RetryPolicy: MaxAttempts and Window must be positive";

    public const string NetworkRulesAndFees = "RetryPolicy: every network limit and period must be positive, every fee zero or more";

    public static bool HasAttemptsAndWindow(RetryPolicyOptions p) => p.MaxAttempts > 0 && p.Window > TimeSpan.Zero && p.MinSpacing >= TimeSpan.Zero;

    public static bool HasValidNetworkRulesAndFees(RetryPolicyOptions p) =>
        NetworkRules.For(null, p).All(rule => rule.Limit is null or > 0 && rule.Period > TimeSpan.Zero)
        && new[] { p.Fees.VisaExcessiveReattempt, p.Fees.VisaExcessiveReattemptCrossBorder, p.Fees.MastercardExcessiveAttempt,
            p.Fees.MastercardAfterDoNotRetry }.All(fee => fee >= 0);

    /// <summary>The first rule the policy breaks, or null.</summary>
    public static string? Problem(RetryPolicyOptions p) =>
        !HasAttemptsAndWindow(p) ? AttemptsAndWindow : !HasValidNetworkRulesAndFees(p) ? NetworkRulesAndFees : null;
}
