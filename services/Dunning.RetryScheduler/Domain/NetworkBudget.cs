namespace Dunning.RetryScheduler.Domain;

/// <summary>
/// Card-network retry budgets (DUNNING-RULES.md §2), counted per card fingerprint over every attempt.
/// Visa cards get Visa's budget, Mastercard cards Mastercard's; a card of unknown or other brand gets both (the strictest).
/// </summary>
public static class NetworkBudget
{
    /// <summary>The earliest time at or after <paramref name="from"/> when one more attempt on the card breaks no budget.</summary>
    public static DateTimeOffset EarliestSlot(CardBudgetState card, RetryPolicyOptions policy, DateTimeOffset from)
    {
        var candidate = from;
        var limits = Limits(card.Brand, policy).ToList();
        for (var moved = true; moved;)
        {
            moved = false;
            foreach (var (max, period) in limits)
            {
                var slot = EarliestFor(card.Attempts, max, period, candidate);
                if (slot > candidate) { candidate = slot; moved = true; }
            }
        }
        return candidate;
    }

    /// <summary>True when an attempt at <paramref name="at"/> would keep every budget.</summary>
    public static bool Allows(CardBudgetState card, RetryPolicyOptions policy, DateTimeOffset at) => EarliestSlot(card, policy, at) == at;

    /// <summary>Every (max attempts, period) that applies to a card of this brand.</summary>
    public static IEnumerable<(int Max, TimeSpan Period)> Limits(string? brand, RetryPolicyOptions policy)
    {
        var isVisa = string.Equals(brand, "visa", StringComparison.OrdinalIgnoreCase);
        var isMastercard = string.Equals(brand, "mastercard", StringComparison.OrdinalIgnoreCase);
        if (!isMastercard)
            foreach (var limit in Of(policy.Visa)) yield return limit;
        if (!isVisa)
            foreach (var limit in Of(policy.Mastercard)) yield return limit;
    }

    private static IEnumerable<(int, TimeSpan)> Of(NetworkBudgetOptions budget)
    {
        yield return (budget.MaxAttempts, budget.Period);
        if (budget is { ShortMaxAttempts: { } shortMax, ShortPeriod: { } shortPeriod })
            yield return (shortMax, shortPeriod);
    }

    /// <summary>Attempts in the window (t − period, t]; with max or more, wait until enough of the oldest fall out.</summary>
    private static DateTimeOffset EarliestFor(IReadOnlyList<DateTimeOffset> attempts, int max, TimeSpan period, DateTimeOffset at)
    {
        var inWindow = attempts.Where(a => a > at - period && a <= at).Order().ToList();
        if (inWindow.Count < max) return at;
        // After dropping the oldest (count − max + 1) attempts, one more fits; the window must start at or after that one.
        var mustLeave = inWindow[inWindow.Count - max];
        return mustLeave + period + TimeSpan.FromSeconds(1);
    }
}
