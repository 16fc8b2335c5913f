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
}
