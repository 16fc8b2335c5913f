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

    private static readonly Gen<(CaseHistory History, CardBudgetState Card, DateTimeOffset Now)> GenCase =
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
            if (RetrySchedule.Next(history, card, Policy, now) is not RetryAt next) return;
            var last = history.Last!;
            var rule = DeclineRules.Match(last.Decline);

            Assert.True(history.CappedAttempts < Policy.MaxAttempts, "attempt cap exceeded");
            Assert.True(next.AttemptNumber <= Policy.MaxAttempts);
            Assert.True(next.At <= history.FirstFailedAt + Policy.Window, "after the window");
            Assert.True(next.At >= now, "in the past");
            Assert.True(NetworkBudget.Allows(card, Policy, next.At), $"breaks a {card.Brand} budget");
            var spacing = rule.Action.Kind == DeclineActionKind.RetryAfter ? rule.Action.Wait!.Value : Policy.MinSpacing;
            Assert.True(next.At - last.At >= spacing, $"only {next.At - last.At} after the last attempt ({rule.Name})");
            Assert.False(rule.Action.IsHard, "retried a hard decline without a new card");
            Assert.False(QuietHours.For(Policy, history.TimeZone).Contains(next.At), "in the customer's night");
        }, iter: 20_000);
}
