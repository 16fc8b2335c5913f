using System.Globalization;

namespace Dunning.Notification.Domain;

/// <summary>Formats Stripe amounts (minor units) for a locale: <c>€ 12,34</c> in Dutch, <c>12,34 €</c> in Romanian, <c>¥1,500</c> for JPY.</summary>
public static class MoneyFormatter
{
    /// <summary>Stripe's zero-decimal currencies: the amount is already in whole units (docs.stripe.com/currencies).</summary>
    private static readonly HashSet<string> ZeroDecimal =
        ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"];

    /// <summary>Stripe's three-decimal currencies: the amount is in thousandths (5.124 KWD is 5124).</summary>
    private static readonly HashSet<string> ThreeDecimal = ["bhd", "jod", "kwd", "omr", "tnd"];

    private static readonly Dictionary<string, string> Symbols = new()
    {
        ["eur"] = "€", ["usd"] = "$", ["gbp"] = "£", ["jpy"] = "¥", ["ron"] = "lei", ["chf"] = "CHF",
    };

    public static string Format(long amountMinor, string currency, string locale)
    {
        var code = currency.ToLowerInvariant();
        var decimals = ZeroDecimal.Contains(code) ? 0 : ThreeDecimal.Contains(code) ? 3 : 2;
        var format = (NumberFormatInfo)Locales.Culture(locale).NumberFormat.Clone();
        format.CurrencySymbol = Symbols.GetValueOrDefault(code, code.ToUpperInvariant());
        format.CurrencyDecimalDigits = decimals;
        var amount = amountMinor / (decimal)Math.Pow(10, decimals);
        return amount.ToString("C", format);
    }
}
