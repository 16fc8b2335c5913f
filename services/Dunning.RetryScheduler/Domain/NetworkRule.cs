namespace Dunning.RetryScheduler.Domain;

/// <summary>What a network charges per attempt that breaks one of its rules, for a card issued at home and one issued abroad.</summary>
public sealed record NetworkFee(decimal Domestic, decimal CrossBorder)
{
    public static NetworkFee Flat(decimal fee) => new(fee, fee);

    public NetworkFee Times(int attempts) => new(Domestic * attempts, CrossBorder * attempts);

    public NetworkFee Plus(NetworkFee other) => new(Domestic + other.Domestic, CrossBorder + other.CrossBorder);
}

/// <summary>
/// One card-network rule on the attempts on a card (docs/network-rules.md), by its stable <see cref="Name"/> (stored with each attempt
/// it held back, shown in the compliance report). An attempt breaks it when it goes before <see cref="EarliestFor"/>.
/// </summary>
public abstract record NetworkRule(string Name, string Network, TimeSpan Period, NetworkFee Fee)
{
    /// <summary>Whether the rule limits this attempt at all (Visa's merchant-initiated limit does not limit the customer's attempts).</summary>
    public abstract bool Limits(CardAttempt attempt);

    /// <summary>The earliest time at or after <paramref name="attempt"/>'s own when it keeps the rule, given the card's earlier attempts.</summary>
    public abstract DateTimeOffset EarliestFor(IEnumerable<CardAttempt> earlier, CardAttempt attempt);

    public bool BrokenBy(IEnumerable<CardAttempt> earlier, CardAttempt attempt) => Limits(attempt) && EarliestFor(earlier, attempt) > attempt.At;

    /// <summary>The most attempts the rule counts together in the period up to <paramref name="at"/> (the busiest initiator or amount).</summary>
    public abstract int CountedAt(IReadOnlyList<CardAttempt> attempts, DateTimeOffset at);

    /// <summary>How many attempts it allows in its period; null: none after the declines it is about.</summary>
    public abstract int? Limit { get; }

    protected IEnumerable<CardAttempt> InWindow(IEnumerable<CardAttempt> attempts, DateTimeOffset at) =>
        attempts.Where(a => a.At > at - Period && a.At <= at);

    /// <summary>A moment this far after an attempt it must wait for: past the period, by a margin for the network's clock.</summary>
    protected DateTimeOffset After(DateTimeOffset attempt) => attempt + Period + TimeSpan.FromSeconds(1);
}

/// <summary>Which attempts an <see cref="AttemptLimit"/> counts together.</summary>
public enum LimitScope
{
    /// <summary>Every attempt on the card.</summary>
    Card,

    /// <summary>Merchant-initiated attempts, apart from the customer's.</summary>
    MerchantInitiated,

    /// <summary>The customer's own attempts, apart from the merchant's.</summary>
    CustomerInitiated,

    /// <summary>Attempts of one amount.</summary>
    SameAmount,
}

/// <summary>
/// At most <see cref="Max"/> attempts of one <see cref="Scope"/> in any <see cref="NetworkRule.Period"/>: the next one waits for the oldest to leave.
/// </summary>
public sealed record AttemptLimit(string Name, string Network, int Max, TimeSpan Period, LimitScope Scope, NetworkFee Fee)
    : NetworkRule(Name, Network, Period, Fee)
{
    public override bool Limits(CardAttempt attempt) => Scope switch
    {
        LimitScope.MerchantInitiated => !attempt.IsCustomerInitiated,
        LimitScope.CustomerInitiated => attempt.IsCustomerInitiated,
        _ => true,
    };

    /// <summary>With <see cref="Max"/> or more counted attempts in (at − period, at], the attempt waits until enough of the oldest fall out.</summary>
    public override DateTimeOffset EarliestFor(IEnumerable<CardAttempt> earlier, CardAttempt attempt)
    {
        var inWindow = InWindow(earlier, attempt.At).Where(a => CountsWith(a, attempt)).Select(a => a.At).Order().ToList();
        // After dropping the oldest (count − max + 1) attempts, one more fits; the window must start at or after that one.
        return inWindow.Count < Max ? attempt.At : After(inWindow[inWindow.Count - Max]);
    }

    public override int? Limit => Max;

    public override int CountedAt(IReadOnlyList<CardAttempt> attempts, DateTimeOffset at)
    {
        var inWindow = InWindow(attempts, at).ToList();
        // One more attempt like each of those in the window (an empty window: one of ours), counted with the ones it counts with.
        return inWindow.Select(a => a with { At = at }).DefaultIfEmpty(new CardAttempt(at)).Where(Limits)
            .Select(next => inWindow.Count(a => CountsWith(a, next))).DefaultIfEmpty(0).Max();
    }

    private bool CountsWith(CardAttempt earlier, CardAttempt attempt) => Scope switch
    {
        LimitScope.SameAmount => earlier.SharesAmountWith(attempt),
        _ => Limits(earlier),
    };
}

/// <summary>No attempt within <see cref="NetworkRule.Period"/> after a decline with one of <see cref="AdviceCodes"/>.</summary>
public sealed record CoolingOff(string Name, string Network, IReadOnlySet<string> AdviceCodes, TimeSpan Period, NetworkFee Fee)
    : NetworkRule(Name, Network, Period, Fee)
{
    public override bool Limits(CardAttempt attempt) => true;

    public override DateTimeOffset EarliestFor(IEnumerable<CardAttempt> earlier, CardAttempt attempt) =>
        InWindow(earlier, attempt.At).Where(IsAdvised).Select(a => After(a.At)).DefaultIfEmpty(attempt.At).Max();

    public override int? Limit => null;

    /// <summary>The declines with one of the advice codes in the period up to <paramref name="at"/>.</summary>
    public override int CountedAt(IReadOnlyList<CardAttempt> attempts, DateTimeOffset at) => InWindow(attempts, at).Count(IsAdvised);

    private bool IsAdvised(CardAttempt attempt) => attempt.NetworkAdviceCode is { } code && AdviceCodes.Contains(code);
}
