using Dunning.Notification.Domain;

namespace Dunning.Notification.Tests.Domain;

public sealed class MoneyFormatterTests
{
    [Theory]
    [InlineData(2499, "eur", "en", "€24.99")]
    [InlineData(2499, "eur", "nl", "€ 24,99")]
    [InlineData(2499, "eur", "ro", "24,99 €")]
    [InlineData(123456, "usd", "nl", "$ 1.234,56")]
    [InlineData(5000, "ron", "ro", "50,00 lei")]
    [InlineData(1500, "jpy", "en", "¥1,500")]
    [InlineData(1500, "JPY", "nl", "¥ 1.500")]
    [InlineData(999, "sek", "en", "SEK9.99")]
    [InlineData(5124, "kwd", "en", "KWD5.124")]
    [InlineData(50000, "isk", "en", "ISK500.00")]
    public void Formats_minor_units_for_the_currency_and_locale(long amountMinor, string currency, string locale, string expected) =>
        Assert.Equal(expected, MoneyFormatter.Format(amountMinor, currency, locale).Replace('\u00a0', ' '));
}
