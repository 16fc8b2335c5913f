namespace Dunning.RetryScheduler.Domain;

/// <summary>
/// One rule over the report's period: its limit, the most attempts it counted together at the period's end, the attempts that broke it
/// (fees incurred: Stripe's own retries or the customer's can push a card over), and the attempts of ours it held back (fees avoided).
/// </summary>
public sealed record RuleCompliance(string Rule, string Network, int? Limit, TimeSpan Period, int CountedAtEnd, int OverLimit, int Postponed,
    int Skipped, NetworkFee FeePerAttempt, NetworkFee FeesIncurred, NetworkFee FeesAvoided);

/// <summary>One attempt in the report's period and the rules it broke.</summary>
public sealed record AttemptCompliance(DateTimeOffset At, string Source, string Initiator, AttemptAmount? Amount, string? NetworkAdviceCode,
    IReadOnlyList<string> Broke);

/// <summary>
/// A card's compliance with the network rules in force over (<see cref="From"/>, <see cref="To"/>]: per rule and per attempt, with the fees
/// in <see cref="FeeCurrency"/> at Visa's domestic and cross-border rates (Stripe's events do not say where a card was issued).
/// </summary>
public sealed record CardCompliance(string Fingerprint, string? Brand, DateTimeOffset From, DateTimeOffset To, string FeeCurrency,
    IReadOnlyList<RuleCompliance> Rules, IReadOnlyList<AttemptCompliance> Attempts, NetworkFee FeesIncurred, NetworkFee FeesAvoided)
{
    public static CardCompliance Of(CardHistory card, RetryPolicyOptions policy, DateTimeOffset from, DateTimeOffset to)
    {
        var rules = NetworkRules.For(card.Brand, policy);
        var history = card.Attempts.Where(a => a.At <= to).OrderBy(a => a.At).ToList();
        var inPeriod = history.Select((attempt, i) => (attempt, Broke: rules.Where(rule => rule.BrokenBy(history.Take(i), attempt)).ToList()))
            .Where(a => a.attempt.At > from).ToList();
        var holds = card.Holds.Where(h => h.At > from && h.At <= to).ToList();

        var perRule = rules.Select(rule =>
        {
            var over = inPeriod.Count(a => a.Broke.Contains(rule));
            var (postponed, skipped) = (holds.Count(h => h.Rule == rule.Name && h.Until is not null), holds.Count(h => h.Rule == rule.Name && h.Until is null));
            return new RuleCompliance(rule.Name, rule.Network, rule.Limit, rule.Period, rule.CountedAt(history, to), over, postponed, skipped, rule.Fee,
                rule.Fee.Times(over), rule.Fee.Times(postponed + skipped));
        }).ToList();
        var attempts = inPeriod.Select(a => new AttemptCompliance(a.attempt.At, a.attempt.Source.ToString(),
            a.attempt.IsCustomerInitiated ? "customer" : "merchant", a.attempt.Amount, a.attempt.NetworkAdviceCode, [.. a.Broke.Select(r => r.Name)])).ToList();
        var none = NetworkFee.Flat(0);
        return new CardCompliance(card.Fingerprint, card.Brand, from, to, policy.Fees.Currency, perRule, attempts,
            perRule.Aggregate(none, (sum, r) => sum.Plus(r.FeesIncurred)), perRule.Aggregate(none, (sum, r) => sum.Plus(r.FeesAvoided)));
    }
}
