using Dunning.Contracts;
using Dunning.Platform.DueJobs;
using Dunning.RetryScheduler.Domain;
using Dunning.RetryScheduler.Experiments;

namespace Dunning.RetryScheduler.Cases;

/// <summary>
/// One dunning case, the one writer of its state and its timeline. Each command is a method that decides from the case's
/// state, the retry policy and the facts it is given (the case's time, what Stripe answered, the attempts so far), changes the
/// state, and records the timeline entries, messages and due jobs it leads to (<see cref="CaseChange"/>). It does no I/O:
/// <see cref="Data.CaseRepository"/> loads it (its row locked until the unit of work ends) and saves what it did.
/// The commands, by who calls them: the failure and payment consumers (this file, <c>DunningCase.Events.cs</c>), the retry
/// job (<c>DunningCase.Attempts.cs</c>), planning (<c>DunningCase.Planning.cs</c>) and the ops API (<c>DunningCase.Ops.cs</c>).
/// </summary>
public sealed partial class DunningCase
{
    private readonly RetryPolicyOptions _policy;
    private readonly List<CaseChange> _changes = [];
    private CaseState? _saved;

    private DunningCase(CaseState state, CaseState? saved, RetryPolicyOptions policy)
    {
        State = state;
        _saved = saved;
        _policy = policy;
    }

    public CaseState State { get; private set; }

    public Guid Id => State.Id;

    public bool IsOpen => State.IsOpen;

    /// <summary>No attempt later than this after the first failure; a case still open then is lost.</summary>
    public DateTimeOffset WindowEnd => State.FailedAt + _policy.Window;

    /// <summary>A case as stored.</summary>
    internal static DunningCase Loaded(CaseState state, RetryPolicyOptions policy) => new(state, state, policy);

    /// <summary>
    /// Opens the case of an invoice's first failure (which <see cref="RecordStripeAttempt"/> then records). A case on a test
    /// clock starts at the failure's clock time. On wall time, a failure dated later than its receipt (clock skew between
    /// Stripe and this host) is planned from its receipt, so no rule measures from a moment that has not come.
    /// </summary>
    /// <param name="policy">The policy the case plans with for its whole life: the configured one, or its experiment arm's.</param>
    /// <param name="arm">The experiment arm the case is assigned to, if an experiment runs.</param>
    public static DunningCase Open(PaymentFailed m, DateTimeOffset wallNow, RetryPolicyOptions policy, CaseArm? arm = null)
    {
        var failedAt = m.TestClockId is null && m.OccurredAt > wallNow ? wallNow : m.OccurredAt;
        var state = new CaseState(
            Guid.CreateVersion7(), m.InvoiceId, m.CustomerId, m.SubscriptionId, m.AmountMinor, m.Currency, m.Decline.CardFingerprint, m.Decline.CardBrand,
            TimeZone: null, CaseStatus.Open, Attempts: 0, PayCalls: 0, NextAttemptAt: null, NextAttemptRule: null, NewCardPending: false,
            LastPayCallAt: null, Paused: false, FailedAt: failedAt, OpenedAt: m.TestClockId is null ? wallNow : m.OccurredAt, ClosedAt: null,
            Outcome: null, PaymentMethodId: m.Decline.PaymentMethodId, ClockId: m.TestClockId, Experiment: arm);
        return new DunningCase(state, saved: null, policy);
    }

    /// <summary>What the case did since it was loaded or its changes were last taken; from then on it counts as saved.</summary>
    internal CaseChanges TakeChanges()
    {
        var changes = new CaseChanges(_saved is null, State == _saved ? null : State, [.. _changes]);
        _saved = State;
        _changes.Clear();
        return changes;
    }

    public void CloseRecovered(RecoveryMethod method, DateTimeOffset now)
    {
        State = State with { Status = CaseStatus.Recovered, ClosedAt = now, Outcome = method.ToString(), NextAttemptAt = null, NewCardPending = false };
        CancelRetryJob();
        Note(now, TimelineKind.Recovered, null, method.ToString());
        var c = State;
        Publish(new PaymentRecovered($"{c.Id}:recovered", c.Id, c.InvoiceId, c.CustomerId, c.SubscriptionId, c.AmountMinor, c.Currency, method,
            c.PayCalls, c.FailedAt, now, c.Experiment?.ToMessage()));
    }

    /// <summary>Closes the case as lost; with <paramref name="finalAction"/> (we ran out of attempts), queues the configured final action.</summary>
    public void CloseLost(LossReason reason, bool finalAction, DateTimeOffset now)
    {
        State = State with { Status = CaseStatus.Lost, ClosedAt = now, Outcome = reason.ToString(), NextAttemptAt = null, NewCardPending = false };
        CancelRetryJob();
        Note(now, TimelineKind.Lost, null, reason.ToString());
        var c = State;
        Publish(new RevenueLost($"{c.Id}:lost", c.Id, c.InvoiceId, c.CustomerId, c.SubscriptionId, c.AmountMinor, c.Currency, reason, c.FailedAt, now,
            finalAction && FinalActionCancels, c.Experiment?.ToMessage()));
        if (finalAction && _policy.RetryOwner == RetryOwner.Dunning && _policy.FinalAction != FinalAction.LeavePastDue)
            ScheduleOnce(new NewDueJob(FinalActionJob.KeyFor(c.Id), FinalActionJob.Kind,
                new FinalActionJob(c.Id, c.InvoiceId, c.SubscriptionId, _policy.FinalAction), now, c.ClockId));
    }

    /// <summary>Our final action cancels the case's subscription (with Stripe owning the retries, Stripe's own settings decide).</summary>
    private bool FinalActionCancels =>
        _policy is { RetryOwner: RetryOwner.Dunning, FinalAction: FinalAction.CancelSubscription } && State.SubscriptionId is not null;

    private void Note(DateTimeOffset at, TimelineKind kind, string? rule, string? detail, Func<long, IDunningMessage>? announce = null) =>
        _changes.Add(new CaseChange.Noted(new TimelineEntry(at, kind, rule, detail), Announce: announce));

    /// <summary>An attempt on the invoice, in the timeline and on the budget of the card it was made on.</summary>
    private void RecordAttempt(DateTimeOffset at, AttemptSource source, DeclineDetails? decline, string detail)
    {
        var rule = decline is null ? null : DeclineRules.Match(decline).Name;
        _changes.Add(new CaseChange.Noted(new TimelineEntry(at, TimelineKind.Attempt, rule, detail, source, decline),
            decline?.CardFingerprint ?? State.CardFingerprint, CardBrand: decline?.CardBrand ?? State.CardBrand));
    }

    /// <summary>
    /// The card's network rules held the next attempt back from <paramref name="heldAt"/>: postponed until <paramref name="until"/>, or
    /// skipped (null). Each rule it would have broken is recorded, for the fees the compliance report says were avoided.
    /// </summary>
    private void NoteHeld(CardBudgetState card, DateTimeOffset heldAt, DateTimeOffset? until)
    {
        if (State.CardFingerprint is not { } fingerprint)
            return;
        foreach (var rule in NetworkBudget.Broken(card, _policy, heldAt))
            _changes.Add(new CaseChange.Held(new CardHold(fingerprint, Id, NextPayCall, rule.Name, heldAt, until)));
    }

    private void Publish(IDunningMessage message) => _changes.Add(new CaseChange.Published(message));

    private void ScheduleRetryJob(DateTimeOffset at) =>
        _changes.Add(new CaseChange.JobScheduled(new NewDueJob(RetryJob.KeyFor(Id), RetryJob.Kind, new RetryJob(Id), at, State.ClockId)));

    private void ScheduleOnce(NewDueJob job) => _changes.Add(new CaseChange.JobScheduled(job, Once: true));

    private void CancelRetryJob() => _changes.Add(new CaseChange.JobsCancelled([RetryJob.KeyFor(Id)]));
}
