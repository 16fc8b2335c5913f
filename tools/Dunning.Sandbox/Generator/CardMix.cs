namespace Dunning.Sandbox.Generator;

/// <summary>
/// The renewal cards handed to generated customers: mostly cards that work, the rest spread over
/// Stripe's decline test cards and the sandbox cards that recover, with believable weights.
/// </summary>
public static class CardMix
{
    private static readonly (string Token, int Weight)[] Succeeding = [("pm_card_visa", 70), ("pm_card_mastercard", 30)];

    private static readonly (string Token, int Weight)[] Failing =
    [
        ("pm_card_chargeDeclinedInsufficientFunds", 25),
        ("pm_card_chargeCustomerFail", 12),
        ("pm_sandbox_recoverAfter1", 8),
        ("pm_sandbox_recoverAfter2", 7),
        ("pm_sandbox_recoverAfter3", 6),
        ("pm_sandbox_recoverAfterDays3", 5),
        ("pm_sandbox_recoverAfterDays7", 5),
        ("pm_card_chargeDeclinedExpiredCard", 8),
        ("pm_card_chargeDeclinedProcessingError", 4),
        ("pm_card_chargeDeclinedIncorrectCvc", 3),
        ("pm_card_chargeDeclinedLostCard", 3),
        ("pm_card_chargeDeclinedStolenCard", 2),
        ("pm_card_chargeDeclinedFraudulent", 2),
        ("pm_card_authenticationRequired", 3),
        ("pm_card_chargeDeclined", 7),
    ];

    public const string Default = "default";
    public const string Payday = "payday";

    /// <summary>
    /// The payday mix's failing cards (issue 19's validation): recovery that depends on a retry's timing
    /// (<c>pm_sandbox_payday8</c>, <see cref="Domain.PaydayFunds"/>), next to soft declines that never recover and a few hard ones.
    /// </summary>
    public static readonly (string Token, int Weight)[] PaydayFailing =
    [
        ("pm_sandbox_payday8", 75),
        ("pm_card_chargeCustomerFail", 20),
        ("pm_card_chargeDeclinedLostCard", 5),
    ];

    public static bool IsKnown(string mix) => mix is Default or Payday;

    /// <summary>A test token for one customer, suffixed so that each customer has a card of their own.</summary>
    public static string Pick(Random random, double failureRate, string owner, string mix = Default)
    {
        var table = random.NextDouble() < failureRate ? mix == Payday ? PaydayFailing : Failing : Succeeding;
        return Weighted(random, table) + "__" + owner;
    }

    public static T Weighted<T>(Random random, IReadOnlyList<(T Value, int Weight)> table)
    {
        var roll = random.Next(table.Sum(t => t.Weight));
        foreach (var (value, weight) in table)
        {
            if (roll < weight) return value;
            roll -= weight;
        }
        return table[^1].Value;
    }
}
