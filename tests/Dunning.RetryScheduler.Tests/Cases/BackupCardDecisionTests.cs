using Dunning.Contracts;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Domain;
using Dunning.RetryScheduler.Jobs;
using Dunning.RetryScheduler.Tests.Domain;

namespace Dunning.RetryScheduler.Tests.Cases;

/// <summary>
/// When a case pays with a backup card (RetryPolicy:BackupCards) after soft declines in a row on its card
/// (RetryPolicy:BackupCardAfterSoftFailures), and that it goes back to its own card, inside the cap, after the backup declined.
/// </summary>
public sealed class BackupCardDecisionTests
{
    private static readonly DateTimeOffset Failed = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Due = Failed.AddDays(2);
    private static readonly RetryPolicyOptions Policy = new() { BackupCards = true, BackupCardAfterSoftFailures = 2, MaxAttempts = 4 };
    private static readonly DeclineDetails Soft = Declines.Of("insufficient_funds");
    private static readonly DeclineDetails Hard = Declines.Of("stolen_card");

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)] // no backup card was left after the second: looked for again after as many more
    [InlineData(4, true)]
    public void The_due_attempt_goes_to_a_backup_card_after_each_n_soft_declines_in_a_row(int softDeclines, bool wanted)
    {
        var attempts = Enumerable.Range(0, softDeclines).Select(i => Attempt(i == 0 ? AttemptSource.Stripe : AttemptSource.Scheduled, Soft));
        Assert.Equal(wanted, Case(Policy).WantsBackupCardAfterSoftDeclines(History([.. attempts]), Due));
    }

    [Fact]
    public void A_backup_try_a_hard_decline_or_another_cards_decline_ends_the_run_of_soft_declines()
    {
        var c = Case(Policy);
        Assert.False(c.WantsBackupCardAfterSoftDeclines(History(Attempt(AttemptSource.Stripe, Soft), Attempt(AttemptSource.Scheduled, Soft),
            Attempt(AttemptSource.BackupCard, Soft), Attempt(AttemptSource.Scheduled, Soft)), Due));
        Assert.False(c.WantsBackupCardAfterSoftDeclines(History(Attempt(AttemptSource.Stripe, Hard), Attempt(AttemptSource.Scheduled, Soft)), Due));
        Assert.False(c.WantsBackupCardAfterSoftDeclines(History(Attempt(AttemptSource.Stripe, Soft with { CardFingerprint = "fp_other" }),
            Attempt(AttemptSource.Scheduled, Soft)), Due));
    }

    [Fact]
    public void Only_with_backup_cards_on_the_setting_set_our_retries_a_due_attempt_and_one_left_in_the_cap_and_window()
    {
        var twoSoft = History(Attempt(AttemptSource.Stripe, Soft), Attempt(AttemptSource.Scheduled, Soft));
        Assert.True(Case(Policy).WantsBackupCardAfterSoftDeclines(twoSoft, Due));
        Assert.False(Case(new() { BackupCards = false, BackupCardAfterSoftFailures = 2 }).WantsBackupCardAfterSoftDeclines(twoSoft, Due));
        Assert.False(Case(new() { BackupCards = true }).WantsBackupCardAfterSoftDeclines(twoSoft, Due)); // 0: hard declines only
        Assert.False(Case(new() { BackupCards = true, BackupCardAfterSoftFailures = 2, RetryOwner = RetryOwner.Stripe })
            .WantsBackupCardAfterSoftDeclines(twoSoft, Due));
        Assert.False(Case(Policy).WantsBackupCardAfterSoftDeclines(twoSoft, Due.AddTicks(-1))); // not due yet
        Assert.False(Case(Policy, s => s with { Attempts = Policy.MaxAttempts }).WantsBackupCardAfterSoftDeclines(twoSoft, Due));
        Assert.False(Case(Policy, s => s with { Paused = true }).WantsBackupCardAfterSoftDeclines(twoSoft, Due));
        Assert.False(Case(Policy, s => s with { NextAttemptAt = Failed + Policy.Window }).WantsBackupCardAfterSoftDeclines(twoSoft,
            Failed + Policy.Window));
    }

    [Fact]
    public void A_backup_card_that_declines_counts_as_an_attempt_and_the_case_is_back_on_its_own_card()
    {
        var c = Case(Policy);
        c.TryBackupCard("pm_backup", new CardDetails("mastercard", "fp_backup"), Due);
        Assert.Equal(new[] { "pm_backup", "pm_test" }, c.CardsNotToTry.Order());
        c.RecordPayCall(Soft, Due, Due.AddSeconds(1));

        var (_, state, changes) = c.TakeChanges();
        Assert.Equal(("fp_test", "visa", null, null), (state!.CardFingerprint, state.CardBrand, state.OwnCardFingerprint, state.OwnCardBrand));
        Assert.Equal((false, null, 2), (state.NewCardPending, state.NewPaymentMethodId, state.Attempts));
        Assert.Equal(["pm_backup"], state.TriedBackupCards);
        var attempt = changes.OfType<CaseChange.Noted>().Single(n => n.Entry.Kind == TimelineKind.Attempt);
        Assert.Equal((AttemptSource.BackupCard, "fp_backup"), (attempt.Entry.Source, attempt.CardFingerprint)); // on the backup's budget
        Assert.False(c.WantsBackupCardAfterSoftDeclines(History(Attempt(AttemptSource.Stripe, Soft), Attempt(AttemptSource.Scheduled, Soft),
            Attempt(AttemptSource.BackupCard, Soft with { CardFingerprint = "fp_backup" })), Due.AddDays(1)));
    }

    [Fact]
    public void After_a_backup_card_the_schedule_counts_it_on_the_cap_and_follows_the_own_cards_decline()
    {
        var history = History(Attempt(AttemptSource.Stripe, Soft), Attempt(AttemptSource.Scheduled, Soft),
            Attempt(AttemptSource.BackupCard, Hard with { CardFingerprint = "fp_backup" }));
        var policy = new RetryPolicyOptions { BackupCards = true, BackupCardAfterSoftFailures = 2, MaxAttempts = 3, PreferStartOfDay = false };

        var next = Assert.IsType<RetryAt>(RetrySchedule.Next(history, CardBudgetState.Empty("visa"), policy, Due));
        Assert.Equal((3, true, "insufficient_funds"), (next.AttemptNumber, next.IsFinalAttempt, next.Rule)); // the backup's stolen card is not ours
        var capped = Assert.IsType<StopRetrying>(RetrySchedule.Next(history, CardBudgetState.Empty("visa"), new RetryPolicyOptions { MaxAttempts = 2 }, Due));
        Assert.Equal(StopReason.RetriesExhausted, capped.Why);
    }

    [Fact]
    public void A_backup_card_whose_budget_is_full_is_dropped_not_waited_for()
    {
        var c = Case(Policy);
        c.TryBackupCard("pm_backup", new CardDetails("visa", "fp_backup"), Due);
        var full = new CardBudgetState("visa", [.. Enumerable.Repeat(Due.AddHours(-1), Policy.Visa.MaxAttempts)]);

        Assert.True(c.DropBackupCardOverBudget(full, Due));
        Assert.Equal(("fp_test", false), (c.State.CardFingerprint, c.State.NewCardPending));
        Assert.Equal(["pm_backup"], c.State.TriedBackupCards);
        Assert.False(c.DropBackupCardOverBudget(CardBudgetState.Empty("visa"), Due)); // nothing to drop any more
    }

    [Fact]
    public void A_payment_seen_while_a_backup_card_is_paid_with_is_a_backup_card_recovery()
    {
        var c = Case(Policy);
        c.TryBackupCard("pm_backup", new CardDetails("visa", "fp_backup"), Due);
        c.InvoicePaid(Due, Due.AddSeconds(1));
        Assert.Equal("BackupCard", c.State.Outcome);
    }

    private static PastAttempt Attempt(AttemptSource source, DeclineDetails decline) => new(Failed, source, decline);

    private static CaseHistory History(params PastAttempt[] attempts) => new(Guid.Empty, Failed, attempts);

    /// <summary>A case after its first failure and one scheduled retry on card fp_test, its next attempt due at <see cref="Due"/>.</summary>
    private static DunningCase Case(RetryPolicyOptions policy, Func<CaseState, CaseState>? change = null)
    {
        var failure = new PaymentFailed("evt_1", "in_1", "cus_1", "sub_1", "a@example.com", 1000, "eur", 1, Soft, null, null, Failed);
        var state = DunningCase.Open(failure, Failed, policy).State
            with { Attempts = 1, PayCalls = 1, NextAttemptAt = Due, NextAttemptRule = "insufficient_funds" };
        return DunningCase.Loaded(change is null ? state : change(state), policy);
    }
}
