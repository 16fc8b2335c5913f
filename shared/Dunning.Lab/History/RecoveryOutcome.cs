namespace Dunning.Lab.History;

/// <summary>
/// How a failed invoice ended. Kept apart from the attempts: an invoice is also recovered when the customer pays it
/// themselves or with a new card, which is no retry of ours.
/// </summary>
public sealed record RecoveryOutcome(bool Recovered, long RecoveredAmountMinor, DateTimeOffset? RecoveredAt)
{
    public static RecoveryOutcome NotRecovered { get; } = new(false, 0, null);

    public static RecoveryOutcome Paid(long amountMinor, DateTimeOffset at) => new(true, amountMinor, at);
}
