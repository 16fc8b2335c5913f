using Dunning.Contracts;
using Dunning.Lab.Experiments;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Domain;
using Dunning.RetryScheduler.Experiments;
using Dunning.RetryScheduler.Tests.Domain;

namespace Dunning.RetryScheduler.Tests.Experiments;

/// <summary>A case's arm: assigned from stored data alone, kept on the case, followed by its planning and carried on its outcome.</summary>
public sealed class ArmCaseTests
{
    private static readonly DateTimeOffset Failed = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly PolicyOverrides StripeOnly = PolicyOverrides.Stored("""{"RetryOwner":"Stripe"}""");

    private static readonly Experiment Running = new(Guid.Parse("0193a5d4-7c00-7000-8000-000000000019"), "x", ExperimentStatus.Running,
        [new ExperimentArmDefinition("current", 1, true, PolicyOverrides.None), new ExperimentArmDefinition("stripe_only", 3, false, StripeOnly)],
        Failed, null, null);

    [Fact]
    public void The_arm_is_ArmAssignment_of_the_invoice_id_so_a_copy_of_the_stored_experiment_assigns_the_same()
    {
        var invoices = Enumerable.Range(0, 400).Select(i => $"in_{i:D6}").ToList();
        var readBack = Running with { Arms = [.. Running.Arms.Select(a => a with { Policy = PolicyOverrides.Stored(a.Policy.ToJson()) })] };
        Arm[] arms = [new("current", 1), new("stripe_only", 3)];

        var assigned = invoices.Select(i => Running.AssignArm(i)).ToList();

        Assert.Equal(invoices.Select(i => ArmAssignment.Assign(i, Running.Id.ToString("D"), arms).Name), assigned.Select(a => a.Arm));
        Assert.Equal(assigned.Select(a => (a.Arm, a.Control)), invoices.Select(i => readBack.AssignArm(i)).Select(a => (a.Arm, a.Control)));
        Assert.All(assigned, a => Assert.Equal((Running.Id, a.Arm == "current"), (a.ExperimentId, a.Control)));
        Assert.InRange(assigned.Count(a => a.Arm == "stripe_only"), 260, 340); // 3 parts in 4 of 400, binomial sd 8.7
    }

    [Fact]
    public void A_case_in_the_stripe_only_arm_plans_no_attempt_of_ours_and_its_loss_carries_its_arm()
    {
        var arm = new CaseArm(Running.Id, "stripe_only", false, StripeOnly);
        var c = DunningCase.Open(Failure(), Failed, StripeOnly.ApplyTo(new RetryPolicyOptions()), arm);
        c.RecordStripeAttempt(Failure());

        c.Plan(Facts(c), stripeNextAttemptAt: null, Failed);

        var (_, state, changes) = c.TakeChanges();
        Assert.Equal((CaseStatus.Lost, arm), (state!.Status, state.Experiment));
        Assert.DoesNotContain(changes, change => change is CaseChange.JobScheduled);
        var lost = Assert.Single(changes.OfType<CaseChange.Published>().Select(p => p.Message).OfType<RevenueLost>());
        Assert.Equal(new ExperimentArm(Running.Id, "stripe_only", false), lost.Experiment);
    }

    [Fact]
    public void A_case_outside_experiments_closes_as_before_with_no_arm()
    {
        var c = DunningCase.Open(Failure(), Failed, new RetryPolicyOptions());
        c.CloseRecovered(RecoveryMethod.Retry, Failed.AddDays(1));

        var recovered = Assert.Single(c.TakeChanges().Changes.OfType<CaseChange.Published>().Select(p => p.Message).OfType<PaymentRecovered>());
        Assert.Null(recovered.Experiment);
    }

    private static PaymentFailed Failure() =>
        new("evt_1", "in_1", "cus_1", "sub_1", "a@example.com", 1000, "eur", 1, Declines.Of(), null, null, Failed);

    private static PlanningFacts Facts(DunningCase c) =>
        new(new CaseHistory(c.Id, Failed, [new PastAttempt(Failed, AttemptSource.Stripe, Declines.Of())]), CardBudgetState.Empty("visa"));
}
