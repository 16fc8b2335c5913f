namespace Dunning.Sandbox.Domain;

/// <summary>What the sandbox knows about a customer's card beyond its Stripe object.</summary>
public sealed class AttachedCard(TestCard card, long attachedAt)
{
    public TestCard Card { get; } = card;

    /// <summary>Clock time (unix seconds) when the card was attached.</summary>
    public long AttachedAt { get; } = attachedAt;

    /// <summary>Clock time of the first charge; pm_sandbox_recoverAfterDays{N} counts from it.</summary>
    public long? FirstChargeAt { get; private set; }

    public int Charges { get; private set; }

    /// <summary>Decides the next charge's outcome at clock time <paramref name="now"/> and counts it.</summary>
    public ChargeOutcome Charge(long now)
    {
        FirstChargeAt ??= now;
        var outcome = ChargeOutcome.Decide(this, now);
        Charges++;
        return outcome;
    }
}
