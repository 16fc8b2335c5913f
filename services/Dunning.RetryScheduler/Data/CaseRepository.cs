using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Outbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Domain;
using Dunning.RetryScheduler.Experiments;

namespace Dunning.RetryScheduler.Data;

/// <summary>
/// The consumers', jobs' and ops API's one way to the scheduler's tables, in the caller's unit of work: loads cases (their rows
/// locked until the unit of work ends) under the retry policy in force (in an experiment, their arm's), reads what their commands
/// need, and saves what the commands did (<see cref="DunningCase.TakeChanges"/>): the state, then the timeline entries, messages and
/// due jobs, in order.
/// Its writes wait for the unit's next round trip; only an entry whose id names a message costs one of its own.
/// </summary>
public sealed class CaseRepository(CaseStore cases, CaseTimeline timeline, CaseActionLog actions, SettledInvoices settled, CardHolds holds,
    DueJobStore jobs, OutboxWriter outbox, ExperimentStore experiments, ArmPolicies policies, LearnedTimingModel learned)
{
    /// <summary>
    /// A new case for the invoice's first failure, stored when saved; while an experiment runs, in the arm the invoice is
    /// assigned to (read in this unit of work, so a frozen experiment assigns nothing once its freeze committed).
    /// </summary>
    public async Task<DunningCase> OpenAsync(UnitOfWork unit, PaymentFailed failed, DateTimeOffset wallNow, CancellationToken cancellationToken)
    {
        var arm = (await experiments.RunningAsync(unit, cancellationToken))?.AssignArm(failed.InvoiceId);
        return DunningCase.Open(failed, wallNow, policies.For(arm), arm);
    }

    public async Task<DunningCase?> FindByInvoiceAsync(UnitOfWork unit, string invoiceId, CancellationToken cancellationToken) =>
        await cases.FindByInvoiceAsync(unit, invoiceId, cancellationToken) is { } state ? Loaded(state) : null;

    public async Task<DunningCase?> FindAsync(UnitOfWork unit, Guid caseId, CancellationToken cancellationToken) =>
        await cases.FindAsync(unit, caseId, cancellationToken) is { } state ? Loaded(state) : null;

    public async Task<IReadOnlyList<DunningCase>> OpenForCustomerAsync(UnitOfWork unit, string customerId, CancellationToken cancellationToken) =>
        [.. (await cases.OpenForCustomerAsync(unit, customerId, cancellationToken)).Select(Loaded)];

    public async Task<IReadOnlyList<DunningCase>> OpenForSubscriptionAsync(UnitOfWork unit, string subscriptionId, CancellationToken cancellationToken) =>
        [.. (await cases.OpenForSubscriptionAsync(unit, subscriptionId, cancellationToken)).Select(Loaded)];

    /// <summary>What planning the case's next attempt reads, the case's own new attempts included (written in the same round trip).</summary>
    public async Task<PlanningFacts> PlanningFactsAsync(UnitOfWork unit, DunningCase c, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await SaveAsync(unit, c, cancellationToken);
        var s = c.State;
        var (ofCase, onCard) = await timeline.AttemptsAsync(unit, s.Id, s.CardFingerprint, c.CardBudgetSince(now), cancellationToken);
        return new PlanningFacts(new CaseHistory(s.Id, s.FailedAt, ofCase, s.TimeZone), new CardBudgetState(s.CardBrand, onCard, AmountOf(s)),
            learned.Timing);
    }

    /// <summary>The attempts on the case's card that count on its budgets at <paramref name="now"/>.</summary>
    public async Task<CardBudgetState> CardBudgetAsync(UnitOfWork unit, DunningCase c, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await SaveAsync(unit, c, cancellationToken);
        var s = c.State;
        var attempts = s.CardFingerprint is null ? [] : await timeline.CardAttemptsAsync(unit, s.CardFingerprint, c.CardBudgetSince(now), cancellationToken);
        return new CardBudgetState(s.CardBrand, attempts, AmountOf(s));
    }

    /// <summary>Writes what the case did since it was loaded or last saved.</summary>
    public async Task SaveAsync(UnitOfWork unit, DunningCase c, CancellationToken cancellationToken)
    {
        var (insert, state, changes) = c.TakeChanges();
        if (state is not null)
        {
            if (insert)
                cases.Insert(unit, state);
            else
                cases.Update(unit, state);
        }
        foreach (var change in changes)
        {
            switch (change)
            {
                case CaseChange.Noted { Announce: { } announce } noted:
                    outbox.Add(unit, announce(await timeline.AddForIdAsync(unit, c.Id, noted.Entry, CardOf(c, noted), cancellationToken)));
                    break;
                case CaseChange.Noted noted:
                    timeline.Add(unit, c.Id, noted.Entry, CardOf(c, noted));
                    break;
                case CaseChange.Held held:
                    holds.Add(unit, held.Hold);
                    break;
                case CaseChange.Published published:
                    outbox.Add(unit, published.Message);
                    break;
                case CaseChange.JobScheduled { Once: true } scheduled:
                    jobs.ScheduleOnce(unit, scheduled.Job);
                    break;
                case CaseChange.JobScheduled scheduled:
                    jobs.Schedule(unit, scheduled.Job);
                    break;
                case CaseChange.JobsCancelled cancelled:
                    jobs.Cancel(unit, cancelled.Keys);
                    break;
                case CaseChange.Audited audited:
                    actions.Add(unit, c.Id, audited.Action);
                    break;
            }
        }
    }

    /// <summary>The outcome of an invoice settled while it had no case (a <see cref="RecoveryMethod"/> or <see cref="LossReason"/> name), or null.</summary>
    public Task<string?> SettledOutcomeAsync(UnitOfWork unit, string invoiceId, CancellationToken cancellationToken) =>
        settled.FindAsync(unit, invoiceId, cancellationToken);

    /// <summary>An invoice with no case was settled: a failure arriving later finds it so and never opens it for retries.</summary>
    public void RememberSettled(UnitOfWork unit, string invoiceId, string outcome, DateTimeOffset at) => settled.Add(unit, invoiceId, outcome, at);

    /// <summary>The invoice's case, its whole timeline and its audit log (the ops view).</summary>
    public async Task<CaseView?> ViewAsync(UnitOfWork unit, string invoiceId, CancellationToken cancellationToken) =>
        await cases.FindByInvoiceAsync(unit, invoiceId, cancellationToken) is { } state
            ? new CaseView(state, await timeline.EventsAsync(unit, state.Id, cancellationToken), await actions.OfCaseAsync(unit, state.Id, cancellationToken))
            : null;

    /// <summary>The invoice's case, or the customer's cases newest first (the console's search); no rows locked.</summary>
    public Task<IReadOnlyList<CaseState>> SearchAsync(UnitOfWork unit, CaseSearch search, CancellationToken cancellationToken) =>
        search.InvoiceId is { } invoiceId
            ? cases.OfInvoiceAsync(unit, invoiceId, cancellationToken)
            : cases.OfCustomerAsync(unit, search.CustomerId!, CaseSearch.Limit, cancellationToken);

    /// <summary>Open, unpaused cases by next attempt time (the ops view of what comes next).</summary>
    public Task<IReadOnlyList<CaseState>> DueAsync(UnitOfWork unit, int limit, CancellationToken cancellationToken) =>
        cases.DueAsync(unit, limit, cancellationToken);

    /// <summary>The card's attempts and holds that count on its rules in (<paramref name="from"/>, <paramref name="to"/>] (the compliance report).</summary>
    public async Task<CardHistory> CardHistoryAsync(UnitOfWork unit, string fingerprint, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken)
    {
        // Attempts before the period count on the windows of the attempts in it.
        var (attempts, brand) = await timeline.CardHistoryAsync(unit, fingerprint, from - NetworkRules.LongestPeriod(policies.Configured), to,
            cancellationToken);
        return new CardHistory(fingerprint, brand, attempts, await holds.OfCardAsync(unit, fingerprint, from, to, cancellationToken));
    }

    private DunningCase Loaded(CaseState state) => DunningCase.Loaded(state, policies.For(state.Experiment));

    private static AttemptAmount AmountOf(CaseState s) => new(s.AmountMinor, s.Currency);

    private static AttemptCard? CardOf(DunningCase c, CaseChange.Noted noted) =>
        noted.CardFingerprint is { } fingerprint ? new AttemptCard(fingerprint, noted.CardBrand, AmountOf(c.State)) : null;
}

/// <summary>A case as the ops API shows it: its state, its timeline and the operators' actions on it.</summary>
public sealed record CaseView(CaseState Case, IReadOnlyList<CaseEvent> Timeline, IReadOnlyList<CaseActionRecord> Actions);
