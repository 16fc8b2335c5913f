namespace Dunning.RetryScheduler.Domain;

/// <summary>
/// The card-network rules in force (DUNNING-RULES.md §2, docs/network-rules.md), built from the settings: Visa's rules for a Visa card,
/// Mastercard's for a Mastercard, both for a card of unknown or other brand (the strictest).
/// </summary>
public static class NetworkRules
{
    public const string VisaMerchantInitiated = "visa_merchant_initiated";
    public const string VisaCustomerInitiated = "visa_customer_initiated";
    public const string MastercardSameAmount = "mastercard_same_amount";
    public const string MastercardShortPeriod = "mastercard_short_period";
    public const string MastercardDoNotRetry = "mastercard_mac_03_21";

    /// <summary>Merchant Advice Codes after which any attempt within the period is charged (03 do not try again, 21 payment cancelled).</summary>
    public static readonly IReadOnlySet<string> DoNotRetryAdviceCodes = new HashSet<string>(["03", "21"], StringComparer.Ordinal);

    public static IReadOnlyList<NetworkRule> For(string? brand, RetryPolicyOptions policy)
    {
        var isVisa = string.Equals(brand, "visa", StringComparison.OrdinalIgnoreCase);
        var isMastercard = string.Equals(brand, "mastercard", StringComparison.OrdinalIgnoreCase);
        return [.. isMastercard ? [] : Visa(policy.Visa, policy.Fees), .. isVisa ? [] : Mastercard(policy.Mastercard, policy.Fees)];
    }

    /// <summary>The longest period of any rule: older attempts no longer count on any.</summary>
    public static TimeSpan LongestPeriod(RetryPolicyOptions policy) => For(null, policy).Max(rule => rule.Period);

    private static IEnumerable<NetworkRule> Visa(VisaRuleOptions visa, NetworkFeeOptions fees)
    {
        var fee = new NetworkFee(fees.VisaExcessiveReattempt, fees.VisaExcessiveReattemptCrossBorder);
        yield return new AttemptLimit(VisaMerchantInitiated, "visa", visa.MaxAttempts, visa.Period, LimitScope.MerchantInitiated, fee);
        yield return new AttemptLimit(VisaCustomerInitiated, "visa", visa.CustomerInitiatedMaxAttempts, visa.Period, LimitScope.CustomerInitiated, fee);
    }

    private static IEnumerable<NetworkRule> Mastercard(MastercardRuleOptions mastercard, NetworkFeeOptions fees)
    {
        var fee = NetworkFee.Flat(fees.MastercardExcessiveAttempt);
        yield return new AttemptLimit(MastercardSameAmount, "mastercard", mastercard.MaxAttempts, mastercard.Period, LimitScope.SameAmount, fee);
        if (mastercard is { ShortMaxAttempts: { } shortMax, ShortPeriod: { } shortPeriod })
            yield return new AttemptLimit(MastercardShortPeriod, "mastercard", shortMax, shortPeriod, LimitScope.Card, fee);
        if (mastercard.DoNotRetryPeriod > TimeSpan.Zero)
            yield return new CoolingOff(MastercardDoNotRetry, "mastercard", DoNotRetryAdviceCodes, mastercard.DoNotRetryPeriod,
                NetworkFee.Flat(fees.MastercardAfterDoNotRetry));
    }
}
