using Dunning.Contracts;

namespace Dunning.RetryScheduler.Domain;

/// <summary>How an attempt on a case's invoice came about.</summary>
public enum AttemptSource
{
    /// <summary>Stripe's own charge (the first failure, or a Stripe retry).</summary>
    Stripe,

    /// <summary>A retry of our schedule (counts against the attempt cap).</summary>
    Scheduled,

    /// <summary>The one immediate retry after a new payment method (does not count against the cap).</summary>
    NewCard,
}

public sealed record PastAttempt(DateTimeOffset At, AttemptSource Source, DeclineDetails Decline);

/// <summary>What the schedule needs to know about one case: when it began, every attempt so far (oldest first), where the customer lives.</summary>
public sealed record CaseHistory(Guid CaseId, DateTimeOffset FirstFailedAt, IReadOnlyList<PastAttempt> Attempts, string? TimeZone = null)
{
    public int ScheduledAttempts => Attempts.Count(a => a.Source == AttemptSource.Scheduled);

    public PastAttempt? Last => Attempts.Count == 0 ? null : Attempts[^1];
}

/// <summary>Every attempt on one card (by fingerprint) across all invoices, Stripe's included.</summary>
public sealed record CardBudgetState(string? Brand, IReadOnlyList<DateTimeOffset> Attempts)
{
    public static CardBudgetState Empty(string? brand) => new(brand, []);
}
