using System.Globalization;

namespace Dunning.Notification.ExpiringCards;

/// <summary>A card as its holder knows it: "Visa •••• 4242", expiring "12/26" (as printed on cards).</summary>
public static class CardDisplay
{
    public static string Name(RenewalCard card)
    {
        var brand = card.Brand switch
        {
            null or "" or "unknown" => "Card",
            "amex" => "American Express",
            "diners" => "Diners Club",
            "jcb" => "JCB",
            "unionpay" => "UnionPay",
            var other => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(other),
        };
        return card.Last4 is { Length: > 0 } last4 ? $"{brand} •••• {last4}" : brand;
    }

    public static string Expiry(RenewalCard card) => string.Create(CultureInfo.InvariantCulture, $"{card.ExpMonth:D2}/{card.ExpYear % 100:D2}");
}
