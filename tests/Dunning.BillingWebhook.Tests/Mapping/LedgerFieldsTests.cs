using Dunning.BillingWebhook.Domain.Mapping;

namespace Dunning.BillingWebhook.Tests.Mapping;

[Trait("Suite", "ForgedInput")]
public sealed class LedgerFieldsTests
{
    [Theory]
    [InlineData("amex")]
    [InlineData("cartes_bancaires")]
    [InlineData("eftpos_au")]
    [InlineData("mastercard")]
    [InlineData("visa")]
    [InlineData("unknown")]
    public void Stripes_card_brands_are_kept(string brand) => Assert.Equal(brand, LedgerFields.CardBrand(brand));

    [Theory]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("=HYPERLINK(\"https://evil.example\")")]
    [InlineData("Visa")]
    [InlineData("visa\n")]
    public void Anything_else_as_a_card_brand_is_other(string brand) => Assert.Equal(LedgerFields.Other, LedgerFields.CardBrand(brand));

    [Theory]
    [InlineData("insufficient_funds", "insufficient_funds")]
    [InlineData("invoice_payment_intent_requires_action", "invoice_payment_intent_requires_action")]
    [InlineData("a_code_stripe_adds_next_year", "a_code_stripe_adds_next_year")]
    [InlineData("<script>", "other")]
    [InlineData("+cmd|' /C calc'!A0", "other")]
    [InlineData("insufficient_funds\n", "other")]
    [InlineData("", "other")]
    public void Codes_in_stripes_format_are_kept_and_others_are_other(string code, string expected) =>
        Assert.Equal(expected, LedgerFields.Code(code));

    [Fact]
    public void Absent_values_stay_absent_and_a_clean_decline_is_unchanged()
    {
        var decline = new Contracts.DeclineDetails("card_declined", "insufficient_funds", "try_again_later", "51", "02", "visa", "AOB934RVNwzk6xtn", "pm_1");

        Assert.Equal(Contracts.DeclineDetails.None, LedgerFields.Clean(Contracts.DeclineDetails.None));
        Assert.Equal(decline, LedgerFields.Clean(decline));
        Assert.Null(LedgerFields.CardBrand(null));
        Assert.Null(LedgerFields.Identifier("fp with spaces"));
    }
}
