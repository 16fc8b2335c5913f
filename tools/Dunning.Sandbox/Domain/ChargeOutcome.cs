namespace Dunning.Sandbox.Domain;

/// <summary>What a charge attempt on a card comes to: success, a decline, or a demand for authentication.</summary>
public sealed record ChargeOutcome(bool Succeeded, Decline? Decline, bool RequiresAction)
{
    public static readonly ChargeOutcome Success = new(true, null, false);

    /// <summary>Decides the outcome of the next charge on an attached card at clock time <paramref name="now"/>.</summary>
    public static ChargeOutcome Decide(AttachedCard attached, long now)
    {
        var card = attached.Card;
        return card.Behaviour switch
        {
            CardBehaviour.Succeeds => Success,
            CardBehaviour.Declines => new(false, card.Decline, false),
            CardBehaviour.RequiresAuthentication => new(false, card.Decline, true),
            CardBehaviour.RecoversAfterCharges => attached.Charges < card.Threshold ? new(false, card.Decline, false) : Success,
            CardBehaviour.RecoversAt => now < card.Threshold ? new(false, card.Decline, false) : Success,
            CardBehaviour.RecoversAfterDays => now < attached.FirstChargeAt + card.Threshold * 86_400 ? new(false, card.Decline, false) : Success,
            CardBehaviour.Payday => attached.Charges > 0 && PaydayFunds.Clear(card, attached.Charges, now) ? Success : new(false, card.Decline, false),
            _ => throw new InvalidOperationException($"Unknown card behaviour {card.Behaviour}"),
        };
    }
}
