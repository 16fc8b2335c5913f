using Dunning.RetryScheduler.Domain;

namespace Dunning.RetryScheduler.Tests.Domain;

/// <summary>The per-card compliance report: attempts against each rule, fees incurred by attempts over a limit and avoided by our holds.</summary>
public sealed class CardComplianceTests
{
    private static readonly DateTimeOffset To = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset From = To.AddDays(-30);
    private static readonly AttemptAmount Invoice = new(2500, "usd");
    private static readonly RetryPolicyOptions Policy = new();

    [Fact]
    public void Merchant_attempts_over_the_visa_limit_are_charged_the_customers_counted_apart_are_not()
    {
        // Stripe's 17 merchant-initiated attempts in 30 days (two over 15) and 3 of the customer's on the hosted page.
        var attempts = Spread(17, AttemptSource.Stripe).Concat(Spread(3, AttemptSource.Customer, offset: TimeSpan.FromMinutes(30))).ToList();

        var report = CardCompliance.Of(new CardHistory("fp", "visa", attempts, []), Policy, From, To);

        var merchant = Rule(report, NetworkRules.VisaMerchantInitiated);
        Assert.Equal((15, 17, 2), (merchant.Limit, merchant.CountedAtEnd, merchant.OverLimit));
        Assert.Equal(new NetworkFee(0.20m, 0.50m), merchant.FeesIncurred);
        Assert.Equal((3, 0), (Rule(report, NetworkRules.VisaCustomerInitiated).CountedAtEnd, Rule(report, NetworkRules.VisaCustomerInitiated).OverLimit));
        Assert.Equal(new NetworkFee(0.20m, 0.50m), report.FeesIncurred);
        Assert.Equal(2, report.Attempts.Count(a => a.Broke.Contains(NetworkRules.VisaMerchantInitiated)));
        Assert.Equal(3, report.Attempts.Count(a => a.Initiator == "customer"));
        Assert.Equal("USD", report.FeeCurrency);
    }

    [Fact]
    public void Attempts_of_ours_the_rules_held_back_are_fees_avoided_at_the_configured_rates()
    {
        var caseId = Guid.NewGuid();
        CardHold[] holds =
        [
            new("fp", caseId, 3, NetworkRules.VisaMerchantInitiated, To.AddDays(-2), To.AddDays(-1)),
            new("fp", caseId, 4, NetworkRules.VisaMerchantInitiated, To.AddDays(-1), To),
            new("fp", caseId, 5, NetworkRules.VisaMerchantInitiated, To.AddHours(-1), null),
            new("fp", caseId, 1, NetworkRules.VisaMerchantInitiated, From.AddDays(-1), From), // before the period
        ];
        var policy = new RetryPolicyOptions { Fees = new NetworkFeeOptions { VisaExcessiveReattempt = 0.15m } };

        var report = CardCompliance.Of(new CardHistory("fp", "visa", [], holds), policy, From, To);

        var merchant = Rule(report, NetworkRules.VisaMerchantInitiated);
        Assert.Equal((2, 1), (merchant.Postponed, merchant.Skipped));
        Assert.Equal(new NetworkFee(0.45m, 0.75m), merchant.FeesAvoided);
        Assert.Equal(new NetworkFee(0, 0), report.FeesIncurred);
    }

    [Fact]
    public void Mastercard_charges_the_36th_attempt_of_one_amount_and_any_within_30_days_of_advice_03()
    {
        var sameAmount = Enumerable.Range(0, 36).Select(i => new CardAttempt(To.AddHours(-2 - 19 * i), AttemptSource.Stripe, Invoice)).ToList();
        var otherAmount = new CardAttempt(To.AddHours(-1), AttemptSource.Stripe, new AttemptAmount(900, "usd"), "03");
        var afterAdvice = new CardAttempt(To.AddMinutes(-30), AttemptSource.Customer, new AttemptAmount(900, "usd"));

        var report = CardCompliance.Of(new CardHistory("fp", "mastercard", [.. sameAmount, otherAmount, afterAdvice], []), Policy, From, To);

        Assert.Equal((35, 36, 1), (Rule(report, NetworkRules.MastercardSameAmount).Limit, Rule(report, NetworkRules.MastercardSameAmount).CountedAtEnd,
            Rule(report, NetworkRules.MastercardSameAmount).OverLimit));
        Assert.Equal(1, Rule(report, NetworkRules.MastercardDoNotRetry).OverLimit);
        Assert.Equal([NetworkRules.MastercardDoNotRetry], Assert.Single(report.Attempts, a => a.At == afterAdvice.At).Broke);
        Assert.Equal(new NetworkFee(1.00m, 1.00m), report.FeesIncurred);
        Assert.DoesNotContain(report.Rules, r => r.Network == "visa");
    }

    [Fact]
    public void Attempts_before_the_period_fill_its_windows_but_are_not_reported()
    {
        var before = Spread(15, AttemptSource.Stripe, offset: TimeSpan.FromDays(-29)); // 15 in the hours up to the period's start
        var inPeriod = new CardAttempt(From.AddHours(1), AttemptSource.Stripe, Invoice);

        var report = CardCompliance.Of(new CardHistory("fp", "visa", [.. before, inPeriod], []), Policy, From, To);

        Assert.Equal(inPeriod.At, Assert.Single(report.Attempts).At);
        Assert.Equal(1, Rule(report, NetworkRules.VisaMerchantInitiated).OverLimit);
    }

    private static RuleCompliance Rule(CardCompliance report, string name) => Assert.Single(report.Rules, r => r.Rule == name);

    /// <summary><paramref name="count"/> attempts an hour apart, ending <paramref name="offset"/> after the period's end minus a day.</summary>
    private static IEnumerable<CardAttempt> Spread(int count, AttemptSource source, TimeSpan offset = default) =>
        Enumerable.Range(0, count).Select(i => new CardAttempt(To.AddDays(-1).AddHours(-i) + offset, source, Invoice));
}
