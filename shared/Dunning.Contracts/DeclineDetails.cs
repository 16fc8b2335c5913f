namespace Dunning.Contracts;

/// <summary>Why a card payment was declined, as Stripe and the card network reported it.</summary>
public record DeclineDetails(
    string? FailureCode,
    string? DeclineCode,
    string? AdviceCode,
    string? NetworkDeclineCode,
    string? NetworkAdviceCode,
    string? CardBrand,
    string? CardFingerprint,
    string? PaymentMethodId)
{
    public static DeclineDetails None { get; } = new(null, null, null, null, null, null, null, null);

    /// <summary>The failure code of a failure whose details Stripe could not give in time: never retried blind.</summary>
    public const string UnknownFailureCode = "decline_unknown";

    public static DeclineDetails Unknown { get; } = None with { FailureCode = UnknownFailureCode };
}
