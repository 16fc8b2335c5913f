using Dunning.Contracts;
using Dunning.Lab.History;
using Dunning.RetryScheduler.Domain;

namespace Dunning.PolicyLab.Backtest;

/// <summary>
/// One failed invoice under a backtested policy: the retries the scheduler would make, oldest first, should each decline like
/// the first (<see cref="FirstDecline"/>); a success ends them early, which the outcome model's probabilities account for.
/// </summary>
public sealed record PlannedCase(FailedInvoice Invoice, DeclineDetails Decline, IReadOnlyList<DateTimeOffset> Retries);

/// <summary>An attempt on a card in the backtest: an invoice's first failure (Stripe's charge, made whatever the policy) or a planned retry.</summary>
public sealed record CardEvent(string InvoiceId, CardAttempt Attempt, bool Planned);

/// <summary>
/// Every attempt on one card in the order the backtest made them: by time, first failures before retries at the same moment.
/// <paramref name="Card"/> is the fingerprint, or the invoice's id when the history does not know it (the card is then its own).
/// </summary>
public sealed record CardPlan(string Card, string? Brand, IReadOnlyList<CardEvent> Attempts);

/// <summary>A policy's plan over a history: per invoice and per card.</summary>
public sealed record BacktestPlan(IReadOnlyList<PlannedCase> Cases, IReadOnlyList<CardPlan> Cards);
