using System.Security.Cryptography;
using System.Text;
using Dunning.Contracts;
using Dunning.Lab.History;
using Dunning.Lab.Learning;
using Dunning.RetryScheduler;
using Dunning.RetryScheduler.Domain;

namespace Dunning.PolicyLab.Backtest;

/// <summary>
/// Plans a policy's retries over a history with the scheduler's own code. The invoices on one card are replayed together in
/// time order, as the service meets them: each decline is planned when it happens (<see cref="RetrySchedule.Next"/>, seeing the
/// card's attempts so far), and each planned retry is held to the card's network budgets again when due
/// (<see cref="NetworkBudget.EarliestSlot"/>, as the retry job does), since the card's other invoices may have used them since;
/// past the window's end it is dropped. Hard declines, by category or by the scheduler's table, plan nothing.
/// Given a <see cref="LearnedTiming"/>, each retry's time is the learned one (<see cref="LearnedRetryTime"/>) instead of the
/// schedule's; a retry whose slot another invoice's attempt has since taken is placed again from then, by the same rules.
/// </summary>
public static class AttemptPlanner
{
    public static BacktestPlan Plan(IEnumerable<FailedInvoice> failures, RetryPolicyOptions policy, LearnedTiming? learned = null)
    {
        var cases = new List<PlannedCase>();
        var cards = new List<CardPlan>();
        foreach (var card in failures.GroupBy(invoice => FirstDecline.CardFingerprint(invoice) ?? invoice.InvoiceId))
        {
            var (planned, attempts) = Replay(card.Key, [.. card], policy, learned);
            cases.AddRange(planned);
            cards.Add(attempts);
        }
        return new BacktestPlan(cases, cards);
    }

    private static (IReadOnlyList<PlannedCase>, CardPlan) Replay(string card, IReadOnlyList<FailedInvoice> invoices, RetryPolicyOptions policy,
        LearnedTiming? learned)
    {
        var brand = invoices.Select(i => i.CardBrand).FirstOrDefault(b => b is not null);
        var runs = invoices.Select(invoice => new CaseRun(invoice, policy)).ToArray();
        var events = new List<CardEvent>();
        var attempts = new List<CardAttempt>(); // the events' attempts, as the budgets read them
        void Made(CardEvent made)
        {
            events.Add(made);
            attempts.Add(made.Attempt);
        }
        CardBudgetState Budget(CaseRun run) => new(brand, attempts, run.Amount); // for the run's next attempt, of its amount
        // Keyed by time, then first failures (0) before retries (1) at one moment, then in order of arrival.
        var queue = new PriorityQueue<(int Run, bool Retry), (DateTimeOffset At, int Kind, long Order)>();
        long order = 0;
        DateTimeOffset? NextRetry(CaseRun run, DateTimeOffset now) => learned is null
            ? RetrySchedule.Next(run.History, Budget(run), policy, now) is RetryAt next ? next.At : null
            : LearnedRetryTime.Next(run.History, run.Decline, Budget(run), policy, learned, run.NextState, now)?.At;
        for (var i = 0; i < runs.Length; i++)
            queue.Enqueue((i, false), (runs[i].Invoice.FirstFailedAt, 0, order++));

        while (queue.TryDequeue(out var item, out var key))
        {
            var run = runs[item.Run];
            var at = key.At;
            if (item.Retry)
            {
                var slot = NetworkBudget.EarliestSlot(Budget(run), policy, at);
                if (slot > at)
                {
                    if (learned is not null && NextRetry(run, at) is { } again) queue.Enqueue((item.Run, true), (again, 1, order++));
                    else if (learned is null && slot <= run.WindowEnd) queue.Enqueue((item.Run, true), (slot, 1, order++));
                    continue;
                }
                var retry = NetworkBudget.Ours(Budget(run), at) with { NetworkAdviceCode = run.Decline.NetworkAdviceCode };
                Made(new CardEvent(run.Invoice.InvoiceId, retry, Planned: true));
                run.Retried(at);
            }
            else
            {
                var first = run.Invoice.Attempts[0];
                var source = first.CustomerInitiated ? AttemptSource.Customer : AttemptSource.Stripe;
                Made(new CardEvent(run.Invoice.InvoiceId, new CardAttempt(at, source, run.Amount, run.Decline.NetworkAdviceCode), Planned: false));
            }
            if (run.MayRetry && NextRetry(run, at) is { } next)
                queue.Enqueue((item.Run, true), (next, 1, order++));
        }
        return (runs.Select(r => new PlannedCase(r.Invoice, r.Decline, r.Planned)).ToList(), new CardPlan(card, brand, events));
    }

    /// <summary>One invoice's case as the replay goes: its history so far and the retries made.</summary>
    private sealed class CaseRun(FailedInvoice invoice, RetryPolicyOptions policy)
    {
        public FailedInvoice Invoice { get; } = invoice;
        public DeclineDetails Decline { get; } = FirstDecline.Of(invoice);
        public AttemptAmount Amount { get; } = new(invoice.AmountMinor, invoice.Currency);
        public DateTimeOffset WindowEnd { get; } = invoice.FirstFailedAt + policy.Window;
        public List<DateTimeOffset> Planned { get; } = [];

        /// <summary>A hard decline, by its category or by the scheduler's table (which <see cref="RetrySchedule"/> applies too), plans nothing.</summary>
        public bool MayRetry => Invoice.Attempts[0].Category != DeclineCategory.Hard;

        /// <summary>What the learned model knows before the next retry: every retry declines like the first (<see cref="ExpectedRecovery"/>).</summary>
        public RetryState NextState => RetryState.After(Invoice, Invoice.Attempts[0], Planned.Count + 2);

        public CaseHistory History { get; private set; } = new(CaseId(invoice), invoice.FirstFailedAt,
            [new PastAttempt(invoice.FirstFailedAt, AttemptSource.Stripe, FirstDecline.Of(invoice))], invoice.TimeZone);

        public void Retried(DateTimeOffset at)
        {
            Planned.Add(at);
            History = History with { Attempts = [.. History.Attempts, new PastAttempt(at, AttemptSource.Scheduled, Decline)] };
        }

        /// <summary>The case's id seeds the schedule's jitter: the recorded one, else one derived from the invoice, the same every run.</summary>
        private static Guid CaseId(FailedInvoice invoice) =>
            invoice.CaseId ?? new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(invoice.InvoiceId)).AsSpan(0, 16));
    }
}
