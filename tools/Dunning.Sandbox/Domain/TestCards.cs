using System.Globalization;
using System.Text.RegularExpressions;

namespace Dunning.Sandbox.Domain;

/// <summary>
/// Stripe's documented test payment methods (docs.stripe.com/testing#declined-payments) with their
/// documented decline codes, plus the sandbox-only cards that recover. A token may carry a suffix
/// "__anything" (pm_card_visa__alice): same behaviour, its own card fingerprint.
/// </summary>
public static partial class TestCards
{
    private static readonly Decline Generic = new("card_declined", "generic_decline", "Your card was declined.", null, "05",
        SellerMessage: "The bank did not return any further details with this decline.");

    private static readonly Decline InsufficientFunds =
        new("card_declined", "insufficient_funds", "Your card has insufficient funds.", "try_again_later", "51");

    public static readonly IReadOnlyDictionary<string, TestCard> Documented = new[]
    {
        new TestCard("pm_card_visa", "visa", "4242424242424242", CardBehaviour.Succeeds),
        new TestCard("pm_card_mastercard", "mastercard", "5555555555554444", CardBehaviour.Succeeds),
        new TestCard("pm_card_amex", "amex", "378282246310005", CardBehaviour.Succeeds),
        new TestCard("pm_card_chargeDeclined", "visa", "4000000000000002", CardBehaviour.Declines, Generic),
        new TestCard("pm_card_chargeDeclinedInsufficientFunds", "visa", "4000000000009995", CardBehaviour.Declines, InsufficientFunds),
        new TestCard("pm_card_chargeDeclinedLostCard", "visa", "4000000000009987", CardBehaviour.Declines,
            new Decline("card_declined", "lost_card", "Your card was declined.", "do_not_try_again", "41")),
        new TestCard("pm_card_chargeDeclinedStolenCard", "visa", "4000000000009979", CardBehaviour.Declines,
            new Decline("card_declined", "stolen_card", "Your card was declined.", "do_not_try_again", "43")),
        new TestCard("pm_card_chargeDeclinedExpiredCard", "visa", "4000000000000069", CardBehaviour.Declines,
            new Decline("expired_card", "expired_card", "Your card has expired.", "do_not_try_again", "54")),
        new TestCard("pm_card_chargeDeclinedIncorrectCvc", "visa", "4000000000000127", CardBehaviour.Declines,
            new Decline("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect.", "confirm_card_data", "N7")),
        new TestCard("pm_card_chargeDeclinedProcessingError", "visa", "4000000000000119", CardBehaviour.Declines,
            new Decline("processing_error", "processing_error", "An error occurred while processing your card. Try again in a little bit.",
                "try_again_later", "96")),
        new TestCard("pm_card_chargeDeclinedFraudulent", "visa", "4100000000000019", CardBehaviour.Declines,
            new Decline("card_declined", "fraudulent", "Your card was declined.", "do_not_try_again", null,
                OutcomeType: "blocked", NetworkStatus: "not_sent_to_network", SellerMessage: "Stripe blocked this payment as too risky.")),
        new TestCard("pm_card_chargeCustomerFail", "visa", "4000000000000341", CardBehaviour.Declines, Generic),
        new TestCard("pm_card_authenticationRequired", "visa", "4000002760003184", CardBehaviour.RequiresAuthentication,
            new Decline("authentication_required", "authentication_required", "Your card was declined. This transaction requires authentication.", null, "1A")),
    }.ToDictionary(c => c.Token, StringComparer.Ordinal);

    /// <summary>The decline a recovering sandbox card gives until it recovers.</summary>
    public static Decline RecoveringDecline => InsufficientFunds;

    public static TestCard? Find(string token)
    {
        var separator = token.IndexOf("__", StringComparison.Ordinal);
        var baseToken = separator > 0 ? token[..separator] : token;
        var card = Documented.GetValueOrDefault(baseToken) ?? Sandbox(baseToken);
        return card is null ? null : card with { Token = token };
    }

    private static TestCard? Sandbox(string token)
    {
        var match = SandboxToken().Match(token);
        if (!match.Success) return null;
        var n = long.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        if (match.Groups["kind"].Value == "payday" && n is < 1 or > 100) return null; // a percentage
        var behaviour = match.Groups["kind"].Value switch
        {
            "recoverAfter" => CardBehaviour.RecoversAfterCharges,
            "recoverAfterDays" => CardBehaviour.RecoversAfterDays,
            "payday" => CardBehaviour.Payday,
            _ => CardBehaviour.RecoversAt,
        };
        return new TestCard(token, "visa", "4000000000009995", behaviour, InsufficientFunds, n);
    }

    [GeneratedRegex("^pm_sandbox_(?<kind>recoverAfter|recoverAfterDays|recoverAt|payday)(?<n>[0-9]{1,12})$")]
    private static partial Regex SandboxToken();
}
