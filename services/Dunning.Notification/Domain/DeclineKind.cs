using Dunning.Contracts;

namespace Dunning.Notification.Domain;

/// <summary>Which wording the first-failure email uses.</summary>
public enum DeclineKind
{
    /// <summary>Worth retrying as is: "we'll try again; update your card here".</summary>
    Soft,

    /// <summary>The card will not work again: "your card was declined, please update it".</summary>
    Hard,

    ExpiredCard,
}

public static class DeclineKinds
{
    private static readonly HashSet<string> HardCodes =
    [
        "card_not_supported", "currency_not_supported", "do_not_honor_permanently", "fraudulent", "incorrect_number",
        "invalid_account", "invalid_number", "lost_card", "merchant_blacklist", "new_account_information_available",
        "pickup_card", "restricted_card", "revocation_of_all_authorizations", "revocation_of_authorization",
        "security_violation", "stolen_card", "stop_payment_order", "transaction_not_allowed",
        // Not retried until the customer acts (the scheduler never retries an unknown decline blind).
        DeclineDetails.UnknownFailureCode,
    ];

    public static DeclineKind Classify(DeclineDetails decline)
    {
        if (decline.DeclineCode == "expired_card" || decline.FailureCode == "expired_card")
            return DeclineKind.ExpiredCard;
        if (decline.AdviceCode == "do_not_try_again" || Matches(decline.DeclineCode) || Matches(decline.FailureCode))
            return DeclineKind.Hard;
        return DeclineKind.Soft;
    }

    /// <summary>The value templates test: <c>soft</c>, <c>hard</c> or <c>expired_card</c>.</summary>
    public static string TemplateValue(this DeclineKind kind) => kind switch
    {
        DeclineKind.Hard => "hard",
        DeclineKind.ExpiredCard => "expired_card",
        _ => "soft",
    };

    private static bool Matches(string? code) => code is not null && HardCodes.Contains(code);
}
