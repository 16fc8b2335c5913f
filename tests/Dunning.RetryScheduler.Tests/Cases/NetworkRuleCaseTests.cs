using Dunning.Contracts;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Domain;
using Dunning.RetryScheduler.Tests.Domain;

namespace Dunning.RetryScheduler.Tests.Cases;

/// <summary>What the case records for the network rules: who initiated Stripe's reported attempts, and the attempts the rules held back.</summary>
public sealed class NetworkRuleCaseTests
{
    private static readonly DateTimeOffset Failed = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly RetryPolicyOptions Policy = new();

    [Fact]
    public void A_failure_that_leaves_attempt_count_as_it_was_is_the_customers_one_that_raises_it_is_stripes()
    {
        var c = DunningCase.Open(Failure(1), Failed, Policy);
        c.RecordStripeAttempt(Failure(1));
        c.RecordStripeAttempt(Failure(1, Failed.AddHours(3)) with { SourceEventId = "evt_hosted_page" });
        c.RecordStripeAttempt(Failure(2, Failed.AddDays(3)));

        Assert.Equal([AttemptSource.Stripe, AttemptSource.Customer, AttemptSource.Stripe], Attempts(c).Select(a => a.Entry.Source));
        Assert.Equal(2, c.State.StripeAttemptCount);
    }

    [Fact]
    public void Without_an_attempt_count_every_reported_failure_stays_stripes()
    {
        var c = DunningCase.Open(Failure(0), Failed, Policy);
        c.RecordStripeAttempt(Failure(0));
        c.RecordStripeAttempt(Failure(0, Failed.AddHours(3)));

        Assert.All(Attempts(c), a => Assert.Equal(AttemptSource.Stripe, a.Entry.Source));
    }

    [Fact]
    public void An_attempt_on_a_full_card_is_postponed_and_recorded_held_by_the_rule_it_would_break()
    {
        var c = DunningCase.Loaded(DunningCase.Open(Failure(1), Failed, Policy).State, Policy);
        var due = Failed.AddDays(1);
        var full = new CardBudgetState("visa", [.. Enumerable.Range(1, 15).Select(i => new CardAttempt(due.AddDays(-29).AddHours(-i)))],
            new AttemptAmount(1000, "eur"));

        var slot = c.HoldToBudget(full, due);

        var held = Assert.Single(c.TakeChanges().Changes.OfType<CaseChange.Held>()).Hold;
        Assert.Equal(new CardHold("fp_test", c.Id, 1, NetworkRules.VisaMerchantInitiated, due, slot), held);
    }

    [Fact]
    public void An_attempt_whose_card_stays_full_past_the_window_is_skipped()
    {
        var c = DunningCase.Loaded(DunningCase.Open(Failure(1), Failed, Policy).State, Policy);
        var due = Failed.AddDays(13);
        var full = new CardBudgetState("visa", [.. Enumerable.Repeat(due.AddHours(-1), 15)]);

        c.HoldToBudget(full, due);

        Assert.Null(Assert.Single(c.TakeChanges().Changes.OfType<CaseChange.Held>()).Hold.Until);
        Assert.False(c.IsOpen);
    }

    [Fact]
    public void Planning_records_the_hold_of_an_attempt_the_budget_postponed()
    {
        var c = DunningCase.Loaded(DunningCase.Open(Failure(1), Failed, Policy).State, Policy);
        var history = new CaseHistory(c.Id, Failed, [new PastAttempt(Failed, AttemptSource.Stripe, Declines.Of())]);
        // The card's 15 attempts leave the 30-day window a day after the first retry would have gone.
        var full = new CardBudgetState("visa", [.. Enumerable.Range(0, 15).Select(i => new CardAttempt(Failed.AddDays(-28).AddMinutes(-i)))]);

        c.Plan(new PlanningFacts(history, full), stripeNextAttemptAt: null, Failed);

        var held = Assert.Single(c.TakeChanges().Changes.OfType<CaseChange.Held>()).Hold;
        Assert.Equal((NetworkRules.VisaMerchantInitiated, 1), (held.Rule, held.PayCall));
        Assert.Equal(c.State.NextAttemptAt, held.Until);
        Assert.True(held.At < held.Until);
    }

    private static List<CaseChange.Noted> Attempts(DunningCase c) =>
        [.. c.TakeChanges().Changes.OfType<CaseChange.Noted>().Where(n => n.Entry.Kind == TimelineKind.Attempt)];

    private static PaymentFailed Failure(int attemptCount, DateTimeOffset? at = null) =>
        new($"evt_{attemptCount}_{at:O}", "in_1", "cus_1", "sub_1", "a@example.com", 1000, "eur", attemptCount, Declines.Of(), null, null, at ?? Failed);
}
