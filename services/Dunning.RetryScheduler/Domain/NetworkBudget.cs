namespace Dunning.RetryScheduler.Domain;

/// <summary>
/// Card-network budgets for the next attempt of ours on a card (<see cref="NetworkRules"/>), counted per card fingerprint over every
/// attempt, Stripe's and the customer's included. Our attempts are merchant-initiated, of the amount of the invoice they pay.
/// </summary>
public static class NetworkBudget
{
    /// <summary>The earliest time at or after <paramref name="from"/> when one more attempt on the card breaks no rule.</summary>
    public static DateTimeOffset EarliestSlot(CardBudgetState card, RetryPolicyOptions policy, DateTimeOffset from)
    {
        var candidate = from;
        var rules = NetworkRules.For(card.Brand, policy).Where(rule => rule.Limits(Ours(card, from))).ToList();
        for (var moved = true; moved;)
        {
            moved = false;
            foreach (var rule in rules)
            {
                var slot = rule.EarliestFor(card.Attempts, Ours(card, candidate));
                if (slot > candidate) { candidate = slot; moved = true; }
            }
        }
        return candidate;
    }

    /// <summary>True when an attempt at <paramref name="at"/> would keep every rule.</summary>
    public static bool Allows(CardBudgetState card, RetryPolicyOptions policy, DateTimeOffset at) => EarliestSlot(card, policy, at) == at;

    /// <summary>The rules an attempt at <paramref name="at"/> would break (none: it may go).</summary>
    public static IReadOnlyList<NetworkRule> Broken(CardBudgetState card, RetryPolicyOptions policy, DateTimeOffset at) =>
        [.. NetworkRules.For(card.Brand, policy).Where(rule => rule.BrokenBy(card.Attempts, Ours(card, at)))];

    /// <summary>Our attempt on the card at <paramref name="at"/>: a pay call, off-session.</summary>
    public static CardAttempt Ours(CardBudgetState card, DateTimeOffset at) => new(at, AttemptSource.Scheduled, card.Amount);
}
