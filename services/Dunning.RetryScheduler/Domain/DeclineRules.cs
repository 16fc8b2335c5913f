using Dunning.Contracts;

namespace Dunning.RetryScheduler.Domain;

/// <summary>
/// The versioned decline policy (DUNNING-RULES.md §1) as data. A decline is keyed on its most specific signal:
/// network advice code → Stripe advice code → network decline code → decline code → failure code; the first
/// signal that has a row decides, anything unmatched is a soft decline.
/// </summary>
public static class DeclineRules
{
    public const string Version = "2026-12-v2";

    public static DeclineRule SoftDefault { get; } = new("soft_default", DeclineSignal.DeclineCode, "*", DeclineAction.Retry);

    public static IReadOnlyList<DeclineRule> All { get; } =
    [
        // Mastercard Merchant Advice Codes (Mastercard TPE programme via processors: Braintree, Solidgate).
        new("mac_01_new_account_info", DeclineSignal.NetworkAdviceCode, "01", DeclineAction.StopUntilNewCard),
        new("mac_02_try_later", DeclineSignal.NetworkAdviceCode, "02", DeclineAction.RetryAfter(TimeSpan.FromHours(72))),
        new("mac_03_do_not_try_again", DeclineSignal.NetworkAdviceCode, "03", DeclineAction.StopUntilNewCard),
        new("mac_21_payment_cancelled", DeclineSignal.NetworkAdviceCode, "21", DeclineAction.StopUntilNewCard),
        new("mac_24_retry_after_1h", DeclineSignal.NetworkAdviceCode, "24", DeclineAction.RetryAfter(TimeSpan.FromHours(1))),
        new("mac_25_retry_after_24h", DeclineSignal.NetworkAdviceCode, "25", DeclineAction.RetryAfter(TimeSpan.FromHours(24))),
        new("mac_26_retry_after_2d", DeclineSignal.NetworkAdviceCode, "26", DeclineAction.RetryAfter(TimeSpan.FromDays(2))),
        new("mac_27_retry_after_4d", DeclineSignal.NetworkAdviceCode, "27", DeclineAction.RetryAfter(TimeSpan.FromDays(4))),
        new("mac_28_retry_after_6d", DeclineSignal.NetworkAdviceCode, "28", DeclineAction.RetryAfter(TimeSpan.FromDays(6))),
        new("mac_29_retry_after_8d", DeclineSignal.NetworkAdviceCode, "29", DeclineAction.RetryAfter(TimeSpan.FromDays(8))),
        new("mac_30_retry_after_10d", DeclineSignal.NetworkAdviceCode, "30", DeclineAction.RetryAfter(TimeSpan.FromDays(10))),

        // Stripe advice_code (Stripe declines docs).
        new("advice_do_not_try_again", DeclineSignal.AdviceCode, "do_not_try_again", DeclineAction.StopUntilNewCard),
        new("advice_try_again_later", DeclineSignal.AdviceCode, "try_again_later", DeclineAction.Retry),
        new("advice_confirm_card_data", DeclineSignal.AdviceCode, "confirm_card_data", DeclineAction.StopUntilNewCard),

        // Visa "Category 1" (issuer will never approve): Visa excessive-reattempt rules via processors; any reattempt is charged.
        .. new[] { "04", "07", "12", "14", "15", "41", "43", "46", "57", "R0", "R1", "R3" }
            .Select(code => new DeclineRule($"visa_category_1_{code}", DeclineSignal.NetworkDeclineCode, code, DeclineAction.StopUntilNewCard, Brand: "visa")),

        // Stripe Smart Retries docs: no retry until the customer adds a new payment method.
        .. new[] { "incorrect_number", "lost_card", "pickup_card", "stolen_card", "revocation_of_authorization",
                   "revocation_of_all_authorizations", "authentication_required", "highest_risk_level" }
            .Select(code => new DeclineRule($"hard_{code}", DeclineSignal.DeclineCode, code, DeclineAction.StopUntilNewCard)),
        // Not on Stripe's list; other dunning tools treat it as unrecoverable.
        new("hard_fraudulent", DeclineSignal.DeclineCode, "fraudulent", DeclineAction.StopUntilNewCard),
        // Same card will keep failing: ask for a card update (Stripe declines docs).
        new("expired_card", DeclineSignal.DeclineCode, "expired_card", DeclineAction.StopUntilNewCard),
        new("expired_card_failure", DeclineSignal.FailureCode, "expired_card", DeclineAction.StopUntilNewCard),
        new("authentication_required_failure", DeclineSignal.FailureCode, "authentication_required", DeclineAction.StopUntilNewCard),
        // Our pay call's 402 when the payment needs 3-D Secure: it has not failed, it waits for the customer to authenticate
        // (Stripe's error code; no decline code comes with it). Retrying cannot authenticate.
        new("requires_action", DeclineSignal.FailureCode, "invoice_payment_intent_requires_action", DeclineAction.StopUntilNewCard),
        // Stripe could not say why the payment failed (unreachable past the look-up's patience): never retried blind.
        new("decline_unknown", DeclineSignal.FailureCode, DeclineDetails.UnknownFailureCode, DeclineAction.StopUntilNewCard),
        // Soft; retry at the start of the customer's day — common practice, not a network rule.
        new("insufficient_funds", DeclineSignal.DeclineCode, "insufficient_funds", DeclineAction.RetryAtStartOfDay),
        new("insufficient_funds_network_51", DeclineSignal.NetworkDeclineCode, "51", DeclineAction.RetryAtStartOfDay),
    ];

    /// <summary>
    /// The rule that decides this decline: the most specific signal with a row, else <see cref="SoftDefault"/>. A rule that
    /// only says "retry" (Stripe's <c>try_again_later</c>, which Stripe sends with most soft declines) leaves the timing to a
    /// less specific signal that also retries: <c>insufficient_funds</c> still waits for the start of the customer's day.
    /// </summary>
    public static DeclineRule Match(DeclineDetails decline)
    {
        var first = MostSpecific(decline, DeclineSignal.NetworkAdviceCode);
        if (first is null) return SoftDefault;
        if (first.Action != DeclineAction.Retry) return first;
        var refinement = MostSpecific(decline, first.Signal + 1);
        return refinement is { Action.Kind: not DeclineActionKind.StopUntilNewCard } ? refinement : first;
    }

    private static DeclineRule? MostSpecific(DeclineDetails decline, DeclineSignal from)
    {
        var signals = new (DeclineSignal Signal, string? Code)[]
        {
            (DeclineSignal.NetworkAdviceCode, decline.NetworkAdviceCode),
            (DeclineSignal.AdviceCode, decline.AdviceCode),
            (DeclineSignal.NetworkDeclineCode, decline.NetworkDeclineCode),
            (DeclineSignal.DeclineCode, decline.DeclineCode),
            (DeclineSignal.FailureCode, decline.FailureCode),
        };
        foreach (var (signal, code) in signals)
        {
            if (signal < from || string.IsNullOrEmpty(code)) continue;
            if (All.FirstOrDefault(rule => rule.Matches(signal, code, decline.CardBrand)) is { } rule)
                return rule;
        }
        return null;
    }
}
