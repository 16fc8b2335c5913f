using Dunning.RetryScheduler.Domain;

namespace Dunning.RetryScheduler.Tests.Domain;

/// <summary>
/// The network rules as settings (docs/network-rules.md): Visa counts merchant- and customer-initiated attempts apart, Mastercard counts
/// per amount and per card, and no attempt goes within 30 days of Merchant Advice Code 03 or 21.
/// </summary>
/// <remarks>
/// Which attempts are customer-initiated. Confirmed from Stripe's documentation: <c>POST /v1/invoices/{id}/pay</c> "indicates if a
/// customer is on or off-session while an invoice payment is attempted. Defaults to true (off-session)" (Stripe.net 53.1.0,
/// InvoicePayOptions.OffSession), and Dunning's pay calls leave it so: every pay call, the new card's retry and a backup card's try
/// included, is merchant-initiated (the customer adding a card starts that retry, but is not in session when it is made). An event
/// with a null <c>request.id</c> "was automatic (e.g., Stripe's automatic subscription handling)" (EventRequest.Id), and only Stripe's
/// automatic retries raise <c>attempt_count</c> after the first attempt (Invoice.AttemptCount). Stripe blocks a Visa card after the 15th
/// retry in 30 days with <c>previously_declined_do_not_retry</c> (support.stripe.com, "Payment blocked due to excessive retries").
/// Not confirmed: that the customer's attempt on the hosted invoice page goes to the network as customer-initiated (Stripe does not
/// document how it flags it); that a manual attempt Stripe reports is the customer's rather than the business's own API call (Dunning
/// passes on only the request's idempotency key, so every manual attempt that is no pay call of ours is taken as the customer's); and
/// whether Stripe's own block counts the two kinds apart as Visa does.
/// </remarks>
public sealed class NetworkRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly AttemptAmount Invoice = new(2500, "usd");
    private static readonly RetryPolicyOptions Policy = new();

    [Fact]
    public void Visa_counts_the_customers_attempts_apart_from_the_merchants()
    {
        var customers = Attempts(15, AttemptSource.Customer, Invoice);
        Assert.True(NetworkBudget.Allows(Card("visa", customers), Policy, Now), "the customer's 15 attempts leave our budget alone");

        var ours = Attempts(15, AttemptSource.Stripe, Invoice);
        Assert.Equal([NetworkRules.VisaMerchantInitiated], Names(NetworkBudget.Broken(Card("visa", ours), Policy, Now)));
        Assert.Equal(ours[0].At + Policy.Visa.Period + TimeSpan.FromSeconds(1), NetworkBudget.EarliestSlot(Card("visa", ours), Policy, Now));
    }

    [Fact]
    public void The_visa_limit_is_a_setting_of_15_by_default_and_20_where_the_processor_allows_it()
    {
        var card = Card("visa", Attempts(15, AttemptSource.Scheduled, Invoice));
        Assert.False(NetworkBudget.Allows(card, Policy, Now));
        var twenty = new RetryPolicyOptions { Visa = new VisaRuleOptions { MaxAttempts = 20 } };
        Assert.True(NetworkBudget.Allows(card, twenty, Now));
        Assert.False(NetworkBudget.Allows(Card("visa", Attempts(20, AttemptSource.Scheduled, Invoice)), twenty, Now));
    }

    [Fact]
    public void Mastercard_counts_35_per_card_and_amount_an_unknown_amount_counting_with_every_one()
    {
        var policy = new RetryPolicyOptions { Mastercard = new MastercardRuleOptions { ShortMaxAttempts = null } };
        var sameAmount = Attempts(35, AttemptSource.Stripe, Invoice);
        Assert.Equal([NetworkRules.MastercardSameAmount], Names(NetworkBudget.Broken(Card("mastercard", sameAmount), policy, Now)));
        Assert.True(NetworkBudget.Allows(Card("mastercard", sameAmount) with { Amount = new AttemptAmount(4900, "usd") }, policy, Now));
        Assert.True(NetworkBudget.Allows(Card("mastercard", sameAmount) with { Amount = new AttemptAmount(2500, "eur") }, policy, Now));
        Assert.False(NetworkBudget.Allows(Card("mastercard", Attempts(35, AttemptSource.Stripe, amount: null)), policy, Now));
    }

    [Fact]
    public void Mastercard_counts_10_in_24_hours_per_card_whatever_the_amounts()
    {
        var mixed = Enumerable.Range(0, 10).Select(i => new CardAttempt(Now.AddHours(-2 * i), AttemptSource.Stripe, new AttemptAmount(100 + i, "usd")))
            .ToList();
        Assert.Equal([NetworkRules.MastercardShortPeriod], Names(NetworkBudget.Broken(Card("mastercard", mixed), Policy, Now)));
        Assert.Equal(mixed[^1].At.AddHours(24).AddSeconds(1), NetworkBudget.EarliestSlot(Card("mastercard", mixed), Policy, Now));
    }

    [Theory]
    [InlineData("03")]
    [InlineData("21")]
    public void No_attempt_goes_within_30_days_of_mastercard_advice_03_or_21_on_any_invoice(string adviceCode)
    {
        var declined = new CardAttempt(Now.AddDays(-10), AttemptSource.Stripe, new AttemptAmount(999, "usd"), adviceCode);
        var card = Card("mastercard", [declined]);
        Assert.Equal([NetworkRules.MastercardDoNotRetry], Names(NetworkBudget.Broken(card, Policy, Now)));
        Assert.Equal(declined.At.AddDays(30).AddSeconds(1), NetworkBudget.EarliestSlot(card, Policy, Now));
        Assert.True(NetworkBudget.Allows(card, new RetryPolicyOptions { Mastercard = new MastercardRuleOptions { DoNotRetryPeriod = TimeSpan.Zero } }, Now));
        Assert.True(NetworkBudget.Allows(card with { Brand = "visa" }, Policy, Now), "a Visa card has no Merchant Advice Codes to keep");
    }

    [Fact]
    public void A_soft_decline_on_a_card_advised_03_on_another_invoice_is_postponed_past_the_30_days_and_says_when_it_was_held()
    {
        var history = new CaseHistory(Guid.NewGuid(), Now, [new PastAttempt(Now, AttemptSource.Stripe, Declines.Of(brand: "mastercard"))]);
        var advised = new CardAttempt(Now.AddDays(-20), AttemptSource.Stripe, new AttemptAmount(999, "usd"), "03");
        var card = Card("mastercard", [advised, new CardAttempt(Now, AttemptSource.Stripe, Invoice)]);
        var policy = new RetryPolicyOptions { Window = TimeSpan.FromDays(30) };

        var next = Assert.IsType<RetryAt>(RetrySchedule.Next(history, card, policy, Now));

        Assert.True(next.At > advised.At.AddDays(30), $"{next.At:u} is within 30 days of the advice");
        Assert.Contains("network budget", next.Reason);
        Assert.Equal([NetworkRules.MastercardDoNotRetry], Names(NetworkBudget.Broken(card, policy, next.HeldAt!.Value)));
    }

    [Fact]
    public void An_attempt_the_budget_did_not_move_was_not_held()
    {
        var history = new CaseHistory(Guid.NewGuid(), Now, [new PastAttempt(Now, AttemptSource.Stripe, Declines.Of())]);
        Assert.Null(RetrySchedule.Next(history, Card("visa", [new CardAttempt(Now)]), Policy, Now).HeldAt);
    }

    [Fact]
    public void A_card_of_unknown_brand_keeps_both_networks_rules()
    {
        Assert.Equal([NetworkRules.VisaMerchantInitiated, NetworkRules.VisaCustomerInitiated, NetworkRules.MastercardSameAmount,
            NetworkRules.MastercardShortPeriod, NetworkRules.MastercardDoNotRetry], Names(NetworkRules.For(null, Policy)));
        Assert.Equal(TimeSpan.FromDays(30), NetworkRules.LongestPeriod(Policy));
    }

    private static CardBudgetState Card(string brand, IReadOnlyList<CardAttempt> attempts) => new(brand, attempts, Invoice);

    /// <summary><paramref name="count"/> attempts 19 hours apart (never more than two in a day), the newest 19 hours ago, oldest first.</summary>
    private static List<CardAttempt> Attempts(int count, AttemptSource source, AttemptAmount? amount) =>
        [.. Enumerable.Range(1, count).Reverse().Select(i => new CardAttempt(Now.AddHours(-i * 19), source, amount))];

    private static List<string> Names(IEnumerable<NetworkRule> rules) => [.. rules.Select(r => r.Name)];
}
