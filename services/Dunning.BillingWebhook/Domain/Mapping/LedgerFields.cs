using System.Text.RegularExpressions;
using Dunning.Contracts;

namespace Dunning.BillingWebhook.Domain.Mapping;

/// <summary>
/// The values that reach the metrics ledger, its reports and dashboards, checked at intake against Stripe's lists and formats
/// (Stripe.net 53.1.0's model docs): a value outside them becomes <see cref="Other"/>, so markup or a formula in a signed but
/// forged event never reaches a page or a CSV cell, and Stripe adding a value shows up as "other" rather than breaking a report.
/// </summary>
public static partial class LedgerFields
{
    public const string Other = "other";

    /// <summary><c>PaymentMethodCard.Brand</c> / <c>ChargePaymentMethodDetailsCard.Brand</c>.</summary>
    public static IReadOnlySet<string> CardBrands { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "amex", "cartes_bancaires", "diners", "discover", "eftpos_au", "jcb", "link", "mastercard", "unionpay", "visa", "unknown",
    };

    /// <summary><c>SubscriptionCancellationDetails.Reason</c>.</summary>
    public static IReadOnlySet<string> CancellationReasons { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "canceled_by_retention_policy", "cancellation_requested", "payment_disputed", "payment_failed",
    };

    public static string? CardBrand(string? brand) => brand is null ? null : CardBrands.Contains(brand) ? brand : Other;

    public static string? CancellationReason(string? reason) => reason is null ? null : CancellationReasons.Contains(reason) ? reason : Other;

    /// <summary>Stripe's failure, decline and advice codes: enumerations that grow, always lower snake case.</summary>
    public static string? Code(string? code) => code is null ? null : StripeCode().IsMatch(code) ? code : Other;

    /// <summary>Network decline and advice codes: short alphanumeric codes ("05", "R0").</summary>
    public static string? NetworkCode(string? code) => code is null ? null : NetworkCodeFormat().IsMatch(code) ? code : Other;

    /// <summary>A card fingerprint or payment method id is an identifier, not a category: one out of format is dropped.</summary>
    public static string? Identifier(string? value) => value is not null && IdentifierFormat().IsMatch(value) ? value : null;

    public static DeclineDetails Clean(DeclineDetails decline) => new(
        FailureCode: Code(decline.FailureCode),
        DeclineCode: Code(decline.DeclineCode),
        AdviceCode: Code(decline.AdviceCode),
        NetworkDeclineCode: NetworkCode(decline.NetworkDeclineCode),
        NetworkAdviceCode: NetworkCode(decline.NetworkAdviceCode),
        CardBrand: CardBrand(decline.CardBrand),
        CardFingerprint: Identifier(decline.CardFingerprint),
        PaymentMethodId: Identifier(decline.PaymentMethodId));

    /// <summary>Stripe's currency: a three-letter ISO code, lowercase.</summary>
    public static bool IsCurrency(string currency) => CurrencyFormat().IsMatch(currency);

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}\\z")]
    private static partial Regex StripeCode();

    [GeneratedRegex("^[A-Za-z0-9]{1,8}\\z")]
    private static partial Regex NetworkCodeFormat();

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}\\z")]
    private static partial Regex IdentifierFormat();

    [GeneratedRegex("^[a-z]{3}\\z")]
    private static partial Regex CurrencyFormat();
}
