using System.Globalization;

namespace Dunning.Notification.Domain;

/// <summary>Formats Stripe amounts (minor units) for a locale: <c>€ 12,34</c> in Dutch, <c>12,34 €</c> in Romanian, <c>¥1,500</c> for JPY.</summary>
public static class MoneyFormatter
{
    /// <summary>Stripe's zero-decimal currencies: the amount is already in whole units.</summary>
    private static readonly HashSet<string> ZeroDecimal =
        ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"];

    private static readonly Dictionary<string, string> Symbols = new()
    {
        ["eur"] = "€", ["usd"] = "$", ["gbp"] = "£", ["jpy"] = "¥", ["ron"] = "lei", ["chf"] = "CHF",
    };

    public static string Format(long amountMinor, string currency, string locale)
    {
        var code = currency.ToLowerInvariant();
        var decimals = ZeroDecimal.Contains(code) ? 0 : 2;
        var format = (NumberFormatInfo)Locales.Culture(locale).NumberFormat.Clone();
        format.CurrencySymbol = Symbols.GetValueOrDefault(code, code.ToUpperInvariant());
        format.CurrencyDecimalDigits = decimals;
        var amount = decimals == 0 ? amountMinor : amountMinor / 100m;
        return amount.ToString("C", format);
    }
}
