namespace Dunning.Sandbox.Domain;

/// <summary>What happens when a test card is charged.</summary>
public enum CardBehaviour
{
    Succeeds,
    Declines,
    RequiresAuthentication,
    RecoversAfterCharges,
    RecoversAt,
    RecoversAfterDays,
    Payday,
}

/// <summary>A test payment method token (pm_card_visa, pm_sandbox_recoverAfter3, ...) and its outcome.</summary>
public sealed record TestCard(
    string Token,
    string Brand,
    string Number,
    CardBehaviour Behaviour,
    Decline? Decline = null,
    long Threshold = 0)
{
    public string Last4 => Number[^4..];

    public string Fingerprint => Ids.Stable("fingerprint:" + Token + ":" + Number);

    public string Funding => "credit";
}
