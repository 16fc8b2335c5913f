using Dunning.RetryScheduler;
using Dunning.RetryScheduler.Domain;
using MathNet.Numerics.Statistics;

namespace Dunning.PolicyLab.Backtest;

/// <summary>How busy a network's cards get: per card, the most attempts in any 30 days (first failures and planned retries, every retry declined).</summary>
public sealed record NetworkLoad(string Network, int Cards, double Median, double P90, int Max);

/// <summary>
/// The network fees of the attempts on the cards that break a rule, at Visa's domestic and cross-border rates, in <paramref name="Currency"/>:
/// with no planned retry breaking one, they are those of Stripe's first charges that the cards' earlier attempts pushed over a limit.
/// </summary>
public sealed record Fees(string Currency, decimal Domestic, decimal CrossBorder);

/// <summary>
/// The network rules' view of a policy's plan, counted afresh from the attempts on each card with each rule's own definition
/// (<see cref="NetworkRule.BrokenBy"/>, as the compliance report counts), not taken from the planner's decisions.
/// </summary>
public sealed record NetworkUsage(IReadOnlyList<NetworkLoad> Load, int CasesBreakingVisa, int CasesBreakingMastercard, Fees Fees)
{
    /// <summary>Visa's and Mastercard's long periods; the issue asks for the load "per card per 30 days".</summary>
    public static readonly TimeSpan LoadPeriod = TimeSpan.FromDays(30);

    public static NetworkUsage Of(IReadOnlyList<CardPlan> cards, RetryPolicyOptions policy)
    {
        var breakingVisa = new HashSet<string>();
        var breakingMastercard = new HashSet<string>();
        var fees = NetworkFee.Flat(0);
        foreach (var card in cards)
        {
            var rules = NetworkRules.For(card.Brand, policy);
            for (var i = 0; i < card.Attempts.Count; i++)
            {
                var attempt = card.Attempts[i];
                var earlier = card.Attempts.Take(i).Select(e => e.Attempt).ToList();
                foreach (var rule in rules.Where(rule => rule.BrokenBy(earlier, attempt.Attempt)))
                {
                    fees = fees.Plus(rule.Fee); // fees incurred whoever made the attempt: a planned retry can push Stripe's next charge over
                    if (attempt.Planned)
                        (rule.Network == "visa" ? breakingVisa : breakingMastercard).Add(attempt.InvoiceId);
                }
            }
        }
        var load = cards.GroupBy(card => Network(card.Brand)).OrderBy(g => g.Key).Select(network =>
        {
            var busiest = network.Select(card => (double)MostInPeriod(card)).ToList();
            return new NetworkLoad(network.Key, busiest.Count, busiest.Median(), busiest.Quantile(0.9), (int)busiest.Max());
        }).ToList();
        return new NetworkUsage(load, breakingVisa.Count, breakingMastercard.Count, new Fees(policy.Fees.Currency, fees.Domestic, fees.CrossBorder));
    }

    private static string Network(string? brand) => brand?.ToLowerInvariant() switch
    {
        "visa" => "visa",
        "mastercard" => "mastercard",
        null => "unknown",
        _ => "other",
    };

    /// <summary>The most attempts on the card in any period of <see cref="LoadPeriod"/> ending at one of them.</summary>
    private static int MostInPeriod(CardPlan card)
    {
        var times = card.Attempts.Select(e => e.Attempt.At).Order().ToList();
        return times.Select((at, i) => times.Take(i + 1).Count(t => t > at - LoadPeriod)).DefaultIfEmpty(0).Max();
    }
}
