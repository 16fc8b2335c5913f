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

    /// <summary>One try with another of the customer's cards (RetryPolicy:BackupCards; counts against the cap).</summary>
    BackupCard,

    /// <summary>
    /// The customer's own attempt, e.g. on Stripe's hosted invoice page: a failure Stripe reported that was no pay call of ours and left
    /// the invoice's <c>attempt_count</c> as it was (only Stripe's own attempts raise it). The one customer-initiated source.
    /// </summary>
    Customer,
}

public sealed record PastAttempt(DateTimeOffset At, AttemptSource Source, DeclineDetails Decline);

/// <summary>What the schedule needs to know about one case: when it began, every attempt so far (oldest first), where the customer lives.</summary>
public sealed record CaseHistory(Guid CaseId, DateTimeOffset FirstFailedAt, IReadOnlyList<PastAttempt> Attempts, string? TimeZone = null)
{
    /// <summary>Our attempts that count against the cap: scheduled retries and backup-card tries.</summary>
    public int CappedAttempts => Attempts.Count(a => a.Source is AttemptSource.Scheduled or AttemptSource.BackupCard);

    public PastAttempt? Last => Attempts.Count == 0 ? null : Attempts[^1];

    /// <summary>The latest attempt on the case's own card: a backup card's decline says nothing about the card the schedule retries.</summary>
    public PastAttempt? LastOnOwnCard => Attempts.LastOrDefault(a => a.Source != AttemptSource.BackupCard);

    /// <summary>
    /// Soft declines in a row, newest back, on the card with <paramref name="cardFingerprint"/>: a hard decline, another card's
    /// attempt or a backup-card try ends the run (so a backup card comes again only after as many new soft declines).
    /// </summary>
    public int SoftDeclinesInARow(string? cardFingerprint)
    {
        var run = 0;
        for (var i = Attempts.Count - 1; i >= 0; i--)
        {
            var attempt = Attempts[i];
            if (attempt.Source == AttemptSource.BackupCard || attempt.Decline.CardFingerprint != cardFingerprint
                || DeclineRules.Match(attempt.Decline).Action.IsHard)
                break;
            run++;
        }
        return run;
    }
}

/// <summary>
/// Every attempt on one card (by fingerprint) across all invoices, Stripe's and the customer's included, and the amount of the
/// attempt to plan on it (null: unknown, it counts with every amount).
/// </summary>
public sealed record CardBudgetState(string? Brand, IReadOnlyList<CardAttempt> Attempts, AttemptAmount? Amount = null)
{
    /// <summary>A card whose attempts are known by their time alone (merchant-initiated, of an unknown amount and decline).</summary>
    public CardBudgetState(string? brand, IReadOnlyList<DateTimeOffset> attempts) : this(brand, [.. attempts.Select(at => new CardAttempt(at))])
    {
    }

    public static CardBudgetState Empty(string? brand) => new(brand, Array.Empty<CardAttempt>());
}
