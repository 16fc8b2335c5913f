using Dunning.Contracts;
using Dunning.Platform.DueJobs;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Domain;
using Dunning.RetryScheduler.Tests.Domain;

namespace Dunning.RetryScheduler.Tests.Cases;

/// <summary>The case aggregate alone (no database): what each command changes and which entries, messages and jobs it leaves to save.</summary>
public sealed class DunningCaseTests
{
    private static readonly DateTimeOffset Failed = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly RetryPolicyOptions Policy = new();

    [Fact]
    public void Opening_a_case_inserts_it_and_records_the_failure_on_its_timeline_and_its_cards_budget()
    {
        var c = DunningCase.Open(Failure(), Failed.AddSeconds(1), Policy);
        c.RecordStripeAttempt(Failure());

        var (insert, state, changes) = c.TakeChanges();
        Assert.True(insert);
        Assert.Equal(("in_1", CaseStatus.Open, Failed), (state!.InvoiceId, state.Status, state.FailedAt));
        var noted = Assert.IsType<CaseChange.Noted>(Assert.Single(changes));
        Assert.Equal((TimelineKind.Attempt, AttemptSource.Stripe, "soft_default", "fp_test"),
            (noted.Entry.Kind, noted.Entry.Source, noted.Entry.Rule, noted.CardFingerprint));
    }

    [Fact]
    public void What_was_saved_is_not_saved_again()
    {
        var c = DunningCase.Open(Failure(), Failed, Policy);
        c.RecordStripeAttempt(Failure());
        c.TakeChanges();

        var again = c.TakeChanges();
        Assert.Equal((false, null, 0), (again.Insert, again.State, again.Changes.Count));
    }

    [Fact]
    public void A_late_failure_counts_on_the_card_but_leaves_a_closed_case_as_it_is()
    {
        var c = DunningCase.Loaded(Open() with { Status = CaseStatus.Recovered, Outcome = "Retry" }, Policy);
        c.RecordStripeAttempt(Failure() with { Decline = Declines.Of() with { CardFingerprint = "fp_other" } });

        var (_, state, changes) = c.TakeChanges();
        Assert.Null(state);
        Assert.Equal("fp_other", Assert.IsType<CaseChange.Noted>(Assert.Single(changes)).CardFingerprint);
    }

    [Fact]
    public void A_planned_retry_is_announced_under_an_id_derived_from_its_timeline_entry_and_its_job_is_scheduled_for_it()
    {
        var c = DunningCase.Loaded(Open(), Policy);
        c.Plan(Facts(c), stripeNextAttemptAt: null, Failed);

        var changes = c.TakeChanges().Changes;
        var scheduled = Assert.IsType<CaseChange.Noted>(changes[0]);
        Assert.Equal(TimelineKind.Scheduled, scheduled.Entry.Kind);
        var message = Assert.IsType<RetryScheduled>(scheduled.Announce!(42));
        Assert.Equal(($"{c.Id}:scheduled:42", c.State.NextAttemptAt!.Value), (message.SourceEventId, message.ScheduledFor));
        Assert.Equal(c.State.FailedAt + Policy.Window, message.DunningEndsAt); // the customer's grace period: the case's window
        var job = Assert.IsType<CaseChange.JobScheduled>(changes[1]);
        Assert.Equal((RetryJob.KeyFor(c.Id), c.State.NextAttemptAt.Value, false), (job.Job.Key, job.Job.DueAt, job.Once));
    }

    [Fact]
    public void Retry_now_schedules_the_retry_at_once_and_notes_and_audits_the_operator_with_the_reason()
    {
        var c = DunningCase.Loaded(Open() with { Paused = true }, Policy);
        var now = Failed.AddHours(3);
        var action = ByOperator(CaseCommand.RetryNow);
        c.RetryNow(action, now);

        var (_, state, changes) = c.TakeChanges();
        Assert.Equal((false, now, "ops_retry_now"), (state!.Paused, state.NextAttemptAt, state.NextAttemptRule));
        Assert.Equal(new NewDueJob(RetryJob.KeyFor(c.Id), RetryJob.Kind, new RetryJob(c.Id), now), Assert.IsType<CaseChange.JobScheduled>(changes[0]).Job);
        Assert.Equal(new TimelineEntry(now, TimelineKind.RetryNow, "ops", "api key 0123abcd: ticket 7"), Assert.IsType<CaseChange.Noted>(changes[1]).Entry);
        Assert.Equal(action, Assert.IsType<CaseChange.Audited>(changes[2]).Action);
    }

    [Fact]
    public void Closing_as_recovered_out_of_band_publishes_the_recovery_a_normal_close_does()
    {
        var c = DunningCase.Loaded(Open() with { PayCalls = 2 }, Policy);
        var now = Failed.AddDays(2);
        c.CloseRecoveredOutOfBand(ByOperator(CaseCommand.CloseRecovered), now);

        var (_, state, changes) = c.TakeChanges();
        Assert.Equal((CaseStatus.Recovered, "OutOfBand", now), (state!.Status, state.Outcome, state.ClosedAt));
        Assert.Equal([TimelineKind.CloseRecovered, TimelineKind.Recovered], changes.OfType<CaseChange.Noted>().Select(n => n.Entry.Kind));
        Assert.Single(changes.OfType<CaseChange.Audited>());
        Assert.Equal([RetryJob.KeyFor(c.Id)], Assert.Single(changes.OfType<CaseChange.JobsCancelled>()).Keys);
        var recovered = Assert.IsType<PaymentRecovered>(Assert.Single(changes.OfType<CaseChange.Published>()).Message);
        Assert.Equal(($"{c.Id}:recovered", RecoveryMethod.OutOfBand, 2, now), (recovered.SourceEventId, recovered.Method, recovered.AttemptNumber,
            recovered.RecoveredAt));
    }

    [Fact]
    public void Writing_off_publishes_the_loss_and_runs_no_final_action()
    {
        var policy = new RetryPolicyOptions { FinalAction = FinalAction.CancelSubscription };
        var c = DunningCase.Loaded(Open(), policy);
        var now = Failed.AddDays(2);
        c.WriteOff(ByOperator(CaseCommand.WriteOff), now);

        var (_, state, changes) = c.TakeChanges();
        Assert.Equal((CaseStatus.Lost, "WrittenOff"), (state!.Status, state.Outcome));
        var lost = Assert.IsType<RevenueLost>(Assert.Single(changes.OfType<CaseChange.Published>()).Message);
        Assert.Equal(($"{c.Id}:lost", LossReason.WrittenOff, false), (lost.SourceEventId, lost.Reason, lost.CancelsSubscription));
        Assert.DoesNotContain(changes.OfType<CaseChange.JobScheduled>(), j => j.Job.Kind == FinalActionJob.Kind);
        Assert.Empty(changes.OfType<CaseChange.JobScheduled>());
    }

    [Fact]
    public void Every_command_has_a_name_the_api_parses_back()
    {
        foreach (var command in Enum.GetValues<CaseCommand>())
            Assert.Equal(command, CaseCommandNames.Parse(command.Name()));
        Assert.Null(CaseCommandNames.Parse("delete"));
    }

    [Fact]
    public void Retry_now_is_refused_once_every_attempt_was_made_and_any_command_once_closed()
    {
        Assert.Contains("All 8 attempts", DunningCase.Loaded(Open() with { Attempts = 8 }, Policy).WhyNot(CaseCommand.RetryNow));
        Assert.Null(DunningCase.Loaded(Open() with { Attempts = 8 }, Policy).WhyNot(CaseCommand.Pause));
        Assert.Contains("is closed", DunningCase.Loaded(Open() with { Status = CaseStatus.Lost }, Policy).WhyNot(CaseCommand.Resume));
        Assert.Contains("nothing to write-off", DunningCase.Loaded(Open() with { Status = CaseStatus.Recovered }, Policy).WhyNot(CaseCommand.WriteOff));
    }

    [Fact]
    public void A_new_card_that_pays_recovers_the_case_and_becomes_the_subscriptions_default()
    {
        var c = DunningCase.Loaded(Open() with { NewCardPending = true, NewPaymentMethodId = "pm_new", PayCalls = 1 }, Policy);
        var (at, now) = (Failed.AddHours(2), Failed.AddHours(2).AddSeconds(1));
        c.RecordPayCall(decline: null, at, now);

        var (_, state, changes) = c.TakeChanges();
        Assert.Equal((CaseStatus.Recovered, "CardUpdated", 2, 0, now), (state!.Status, state.Outcome, state.PayCalls, state.Attempts, state.ClosedAt));
        Assert.Collection(changes,
            change => Assert.Equal(AttemptSource.NewCard, Assert.IsType<CaseChange.Noted>(change).Entry.Source),
            change => Assert.Equal($"{c.Id}:attempt:2", Assert.IsType<RetryAttempted>(Assert.IsType<CaseChange.Published>(change).Message).SourceEventId),
            change => Assert.Equal(new DefaultCardJob(c.Id, "sub_1", "pm_new"), Assert.IsType<CaseChange.JobScheduled>(change).Job.Payload),
            change => Assert.Equal([RetryJob.KeyFor(c.Id)], Assert.IsType<CaseChange.JobsCancelled>(change).Keys),
            change => Assert.Equal(TimelineKind.Recovered, Assert.IsType<CaseChange.Noted>(change).Entry.Kind),
            change => Assert.Equal(RecoveryMethod.CardUpdated,
                Assert.IsType<PaymentRecovered>(Assert.IsType<CaseChange.Published>(change).Message).Method));
    }

    [Fact]
    public void A_card_set_up_before_the_failure_is_not_new_to_the_case()
    {
        var c = DunningCase.Loaded(Open(), Policy);
        c.NewCard(new PaymentMethodUpdated("evt_pm", "cus_1", "pm_old", "visa", "fp_old", Failed.AddMinutes(-1)), Failed.AddHours(1));

        Assert.False(c.IsNewCard(new PaymentMethodUpdated("evt_pm", "cus_1", "pm_old", "visa", "fp_old", Failed.AddMinutes(-1))));
        var changes = c.TakeChanges();
        Assert.Equal((null, 0), (changes.State, changes.Changes.Count));
    }

    private static PaymentFailed Failure() =>
        new("evt_1", "in_1", "cus_1", "sub_1", "a@example.com", 1000, "eur", 1, Declines.Of(), null, null, Failed);

    private static OperatorAction ByOperator(CaseCommand command) => new(command, "api key 0123abcd", "ticket 7", Failed.AddDays(9));

    private static CaseState Open() => DunningCase.Open(Failure(), Failed, Policy).State;

    private static PlanningFacts Facts(DunningCase c) =>
        new(new CaseHistory(c.Id, Failed, [new PastAttempt(Failed, AttemptSource.Stripe, Declines.Of())]), CardBudgetState.Empty("visa"));
}
