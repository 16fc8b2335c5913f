using Dunning.RetryScheduler.Domain;

namespace Dunning.RetryScheduler.Tests.Domain;

/// <summary>One test per row of DUNNING-RULES.md §1.</summary>
public sealed class DeclineRulesTests
{
    [Theory]
    [InlineData("incorrect_number")]
    [InlineData("lost_card")]
    [InlineData("pickup_card")]
    [InlineData("stolen_card")]
    [InlineData("revocation_of_authorization")]
    [InlineData("revocation_of_all_authorizations")]
    [InlineData("authentication_required")]
    [InlineData("highest_risk_level")]
    public void Stripe_hard_decline_codes_stop_until_a_new_card(string code) =>
        Assert.Equal(DeclineActionKind.StopUntilNewCard, DeclineRules.Match(Declines.Of(code)).Action.Kind);

    [Fact]
    public void Fraudulent_is_treated_as_hard() =>
        Assert.Equal("hard_fraudulent", DeclineRules.Match(Declines.Of("fraudulent")).Name);

    [Fact]
    public void Expired_card_is_not_retried_on_the_same_card()
    {
        Assert.Equal("expired_card", DeclineRules.Match(Declines.Of("expired_card")).Name);
        Assert.Equal("expired_card_failure", DeclineRules.Match(Declines.Of(failureCode: "expired_card")).Name);
    }

    [Fact]
    public void Advice_do_not_try_again_stops_retrying_the_card_even_when_the_decline_code_is_soft() =>
        Assert.Equal("advice_do_not_try_again", DeclineRules.Match(Declines.Of("generic_decline", adviceCode: "do_not_try_again")).Name);

    [Fact]
    public void Advice_try_again_later_retries_with_backoff_even_when_the_decline_code_is_hard()
    {
        var rule = DeclineRules.Match(Declines.Of("lost_card", adviceCode: "try_again_later"));
        Assert.Equal(("advice_try_again_later", DeclineActionKind.Retry), (rule.Name, rule.Action.Kind));
    }

    [Fact]
    public void Insufficient_funds_keeps_its_start_of_day_timing_when_stripe_also_advises_try_again_later()
    {
        // Stripe sends advice_code try_again_later with most soft declines, insufficient_funds included: it says "retry",
        // not when, so the decline code's timing rule still applies.
        var rule = DeclineRules.Match(Declines.Of("insufficient_funds", adviceCode: "try_again_later"));
        Assert.Equal(("insufficient_funds", true), (rule.Name, rule.Action.AtStartOfDay));
        Assert.True(DeclineRules.Match(Declines.Of("insufficient_funds", adviceCode: "try_again_later", networkDecline: "51")).Action.AtStartOfDay);
    }

    [Fact]
    public void A_payment_that_needs_authentication_is_not_retried_it_waits_for_the_customer()
    {
        // Stripe's 402 to a pay call for an invoice needing 3-D Secure: code invoice_payment_intent_requires_action, no decline code.
        var rule = DeclineRules.Match(Declines.Of(failureCode: "invoice_payment_intent_requires_action"));
        Assert.Equal(("requires_action", DeclineActionKind.StopUntilNewCard), (rule.Name, rule.Action.Kind));
    }

    [Fact]
    public void A_decline_stripe_could_not_explain_is_never_retried_blind() =>
        Assert.Equal(DeclineActionKind.StopUntilNewCard, DeclineRules.Match(Contracts.DeclineDetails.Unknown).Action.Kind);

    [Fact]
    public void Advice_confirm_card_data_asks_the_customer_instead_of_retrying() =>
        Assert.Equal(DeclineActionKind.StopUntilNewCard, DeclineRules.Match(Declines.Of(adviceCode: "confirm_card_data")).Action.Kind);

    [Theory]
    [InlineData("04")] [InlineData("07")] [InlineData("12")] [InlineData("14")] [InlineData("15")] [InlineData("41")]
    [InlineData("43")] [InlineData("46")] [InlineData("57")] [InlineData("R0")] [InlineData("R1")] [InlineData("R3")]
    public void Visa_category_1_network_codes_never_retry_the_same_card(string code)
    {
        Assert.Equal($"visa_category_1_{code}", DeclineRules.Match(Declines.Of("do_not_honor", networkDecline: code)).Name);
        Assert.Equal("soft_default", DeclineRules.Match(Declines.Of("do_not_honor", networkDecline: code, brand: "mastercard")).Name);
    }

    [Fact]
    public void Mastercard_advice_01_waits_for_a_card_update() =>
        Assert.Equal(DeclineActionKind.StopUntilNewCard, DeclineRules.Match(Declines.Of(networkAdvice: "01", brand: "mastercard")).Action.Kind);

    [Fact]
    public void Mastercard_advice_02_waits_at_least_72_hours() =>
        Assert.Equal(TimeSpan.FromHours(72), DeclineRules.Match(Declines.Of(adviceCode: "try_again_later", networkAdvice: "02",
            brand: "mastercard")).Action.Wait);

    [Theory]
    [InlineData("03")]
    [InlineData("21")]
    public void Mastercard_advice_03_and_21_never_retry(string code) =>
        Assert.True(DeclineRules.Match(Declines.Of("generic_decline", networkAdvice: code, brand: "mastercard")).Action.IsHard);

    [Theory]
    [InlineData("24", 1)] [InlineData("25", 24)] [InlineData("26", 48)] [InlineData("27", 96)]
    [InlineData("28", 144)] [InlineData("29", 192)] [InlineData("30", 240)]
    public void Mastercard_advice_24_to_30_retry_after_their_wait(string code, int hours)
    {
        var action = DeclineRules.Match(Declines.Of(networkAdvice: code, brand: "mastercard")).Action;
        Assert.Equal((DeclineActionKind.RetryAfter, TimeSpan.FromHours(hours)), (action.Kind, action.Wait!.Value));
    }

    [Fact]
    public void Insufficient_funds_is_soft_and_prefers_the_start_of_the_day()
    {
        Assert.True(DeclineRules.Match(Declines.Of("insufficient_funds")).Action is { Kind: DeclineActionKind.Retry, AtStartOfDay: true });
        Assert.Equal("insufficient_funds_network_51", DeclineRules.Match(Declines.Of(networkDecline: "51")).Name);
    }

    [Theory]
    [InlineData("generic_decline")]
    [InlineData("do_not_honor")]
    [InlineData("processing_error")]
    [InlineData(null)]
    public void Anything_else_is_a_soft_decline(string? code) =>
        Assert.Equal(DeclineRules.SoftDefault, DeclineRules.Match(Declines.Of(code)));
}
