using CsCheck;
using Dunning.Contracts;
using Dunning.RetryScheduler.Domain;

namespace Dunning.RetryScheduler.Tests.Domain;

/// <summary>Whatever the history, the schedule keeps the cap, the window, the budgets, the spacing and hard declines.</summary>
public sealed class RetrySchedulePropertyTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly RetryPolicyOptions Policy = new();

    private static readonly Gen<DeclineDetails> GenDecline =
        Gen.Select(
            Gen.OneOf<string?>(null, "generic_decline", "insufficient_funds", "do_not_honor", "stolen_card", "expired_card", "fraudulent", "processing_error"),
            Gen.OneOf<string?>(null, null, "try_again_later", "do_not_try_again", "confirm_card_data"),
            Gen.OneOf<string?>(null, null, "05", "51", "04", "R0"),
            Gen.OneOf<string?>(null, null, "01", "02", "03", "24", "25", "30"),
            Gen.OneOf<string?>("visa", "mastercard", "amex", null))
        .Select((decline, advice, networkDecline, networkAdvice, brand) =>
            new DeclineDetails("card_declined", decline, advice, networkDecline, networkAdvice, brand, "fp", "pm"));

    internal static readonly Gen<(CaseHistory History, CardBudgetState Card, DateTimeOffset Now)> GenCase =
        Gen.Select(
            Gen.Guid,
            Gen.Int[0, 10].SelectMany(n => Gen.Select(Gen.Int[1, 60 * 24 * 3], Gen.OneOf(AttemptSource.Scheduled, AttemptSource.Stripe, AttemptSource.NewCard),
                GenDecline).Array[n]),
            GenDecline,
            Gen.Int[0, 40].SelectMany(n => Gen.Int[0, 60 * 24 * 30].Array[n]),
            Gen.Int[0, 60 * 24],
            Gen.OneOf<string?>(null, "Europe/Amsterdam", "America/New_York", "Asia/Tokyo", "Not/AZone"))
        .Select((caseId, steps, firstDecline, budgetMinutesAgo, nowAfterLast, zone) =>
        {
            var first = Epoch;
            var attempts = new List<PastAttempt> { new(first, AttemptSource.Stripe, firstDecline) };
            foreach (var (minutes, source, decline) in steps)
                attempts.Add(new PastAttempt(attempts[^1].At.AddMinutes(minutes), source, decline));
            var now = attempts[^1].At.AddMinutes(nowAfterLast);
            var brand = attempts[^1].Decline.CardBrand;
            var card = new CardBudgetState(brand, [.. attempts.Select(a => a.At), .. budgetMinutesAgo.Select(m => now.AddMinutes(-m))]);
            return (new CaseHistory(caseId, first, attempts, zone), card, now);
        });

    [Fact]
    public void A_scheduled_attempt_never_breaks_the_cap_window_budgets_spacing_or_a_hard_decline() =>
        GenCase.Sample(sample =>
        {
            var (history, card, now) = sample;
            if (RetrySchedule.Next(history, card, Policy, now) is RetryAt next)
                KeepsTheRules(history, card, Policy, now, next);
        }, iter: 20_000);

    /// <summary>
    /// What any planned attempt keeps (the schedule's and the learned timing's): the cap, the window, the card's budgets, the
    /// spacing or the network's advised wait, no retry of a hard decline, none in the customer's night.
    /// </summary>
    internal static void KeepsTheRules(CaseHistory history, CardBudgetState card, RetryPolicyOptions policy, DateTimeOffset now, RetryAt next)
    {
        var last = history.Last!;
        var rule = DeclineRules.Match((history.LastOnOwnCard ?? last).Decline);
        Assert.True(history.CappedAttempts < policy.MaxAttempts, "attempt cap exceeded");
        Assert.True(next.AttemptNumber <= policy.MaxAttempts);
        Assert.True(next.At <= history.FirstFailedAt + policy.Window, "after the window");
        Assert.True(next.At >= now, "in the past");
        Assert.True(NetworkBudget.Allows(card, policy, next.At), $"breaks a {card.Brand} budget");
        var spacing = rule.Action.Kind == DeclineActionKind.RetryAfter ? rule.Action.Wait!.Value : policy.MinSpacing;
        Assert.True(next.At - last.At >= spacing, $"only {next.At - last.At} after the last attempt ({rule.Name})");
        Assert.False(rule.Action.IsHard, "retried a hard decline without a new card");
        Assert.False(QuietHours.For(policy, history.TimeZone).Contains(next.At), "in the customer's night");
    }

    private static readonly Gen<RetryPolicyOptions> GenRules =
        Gen.Select(Gen.OneOf(15, 20, 3), Gen.Int[1, 20], Gen.OneOf(35, 5), Gen.OneOf<int?>(10, 2, null), Gen.OneOf(30, 0, 45))
        .Select((visa, visaCustomer, mastercard, mastercardShort, doNotRetryDays) => new RetryPolicyOptions
        {
            Visa = new VisaRuleOptions { MaxAttempts = visa, CustomerInitiatedMaxAttempts = visaCustomer },
            Mastercard = new MastercardRuleOptions
            {
                MaxAttempts = mastercard, ShortMaxAttempts = mastercardShort, DoNotRetryPeriod = TimeSpan.FromDays(doNotRetryDays),
            },
        });

    private static readonly Gen<CardAttempt> GenCardAttempt =
        Gen.Select(Gen.Int[0, 60 * 24 * 45], Gen.OneOf(AttemptSource.Stripe, AttemptSource.Scheduled, AttemptSource.Customer, AttemptSource.NewCard),
            Gen.OneOf<AttemptAmount?>(new AttemptAmount(2500, "usd"), new AttemptAmount(900, "usd"), null),
            Gen.OneOf<string?>(null, null, null, "03", "21", "24"))
        .Select((minutesAgo, source, amount, advice) => new CardAttempt(Epoch.AddMinutes(-minutesAgo), source, amount, advice));

    [Fact]
    public void A_planned_attempt_never_breaks_a_configured_network_rule() =>
        Gen.Select(GenCase, GenRules, GenCardAttempt.Array[0, 60], Gen.OneOf<string?>("visa", "mastercard", null)).Sample((sample, rules, others, brand) =>
        {
            var (history, _, now) = sample;
            var invoice = new AttemptAmount(2500, "usd");
            var ofCase = history.Attempts.Select(a => new CardAttempt(a.At, a.Source, invoice, a.Decline.NetworkAdviceCode));
            var card = new CardBudgetState(brand, [.. others, .. ofCase], invoice);
            if (RetrySchedule.Next(history, card, rules, now) is not RetryAt next) return;
            Assert.Empty(RulesBroken(card, rules, next.At));
        }, iter: 20_000);

    /// <summary>The rules an attempt of ours at <paramref name="at"/> breaks, counted here straight from docs/network-rules.md.</summary>
    private static IEnumerable<string> RulesBroken(CardBudgetState card, RetryPolicyOptions rules, DateTimeOffset at)
    {
        var visa = card.Brand != "mastercard";
        var mastercard = card.Brand != "visa";
        int Counted(TimeSpan period, Func<CardAttempt, bool> counts) => card.Attempts.Count(a => a.At > at - period && a.At <= at && counts(a));
        if (visa && Counted(rules.Visa.Period, a => a.Source != AttemptSource.Customer) >= rules.Visa.MaxAttempts)
            yield return "Visa: merchant-initiated attempts";
        if (mastercard && Counted(rules.Mastercard.Period, a => a.Amount is null || a.Amount == card.Amount) >= rules.Mastercard.MaxAttempts)
            yield return "Mastercard: attempts of the amount";
        if (mastercard && rules.Mastercard.ShortMaxAttempts is { } shortMax && Counted(rules.Mastercard.ShortPeriod!.Value, _ => true) >= shortMax)
            yield return "Mastercard: attempts in the short period";
        if (mastercard && Counted(rules.Mastercard.DoNotRetryPeriod, a => a.NetworkAdviceCode is "03" or "21") > 0)
            yield return "Mastercard: within the period after advice 03 or 21";
    }
}
