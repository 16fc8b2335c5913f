using Dunning.Contracts;
using global::Stripe;

namespace Dunning.Platform.Stripe;

/// <summary>
/// Decline details from the Stripe.net objects that carry them: a failed charge (its outcome holds the network's codes) or a
/// payment intent's last error. The webhook service's decline look-up and the policy lab's import read declines alike.
/// </summary>
public static class StripeDeclines
{
    /// <summary>A charge; null when it did not fail.</summary>
    public static DeclineDetails? FromCharge(Charge? charge) => charge?.FailureCode is not { } failureCode ? null : new DeclineDetails(
        FailureCode: failureCode,
        DeclineCode: charge.Outcome?.Reason,
        AdviceCode: charge.Outcome?.AdviceCode,
        NetworkDeclineCode: charge.Outcome?.NetworkDeclineCode,
        NetworkAdviceCode: charge.Outcome?.NetworkAdviceCode,
        CardBrand: charge.PaymentMethodDetails?.Card?.Brand,
        CardFingerprint: charge.PaymentMethodDetails?.Card?.Fingerprint,
        PaymentMethodId: charge.PaymentMethod);

    /// <summary>A payment intent's last error, for an intent whose failed charge is not at hand.</summary>
    public static DeclineDetails? FromError(StripeError? error) => error?.Code is not { } code ? null : new DeclineDetails(
        FailureCode: code,
        DeclineCode: error.DeclineCode,
        AdviceCode: error.AdviceCode,
        NetworkDeclineCode: error.NetworkDeclineCode,
        NetworkAdviceCode: error.NetworkAdviceCode,
        CardBrand: error.PaymentMethod?.Card?.Brand,
        CardFingerprint: error.PaymentMethod?.Card?.Fingerprint,
        PaymentMethodId: error.PaymentMethod?.Id);
}
