using Dunning.Contracts;
using Dunning.Notification.Domain;

namespace Dunning.Notification.Tests.Domain;

public sealed class DomainRulesTests
{
    [Theory]
    [InlineData(new[] { "de-DE", "nl-BE" }, "nl")]
    [InlineData(new[] { "ro-RO" }, "ro")]
    [InlineData(new[] { "fr-FR" }, "en")]
    [InlineData(new string[0], "en")]
    public void The_first_supported_preferred_locale_wins(string[] preferred, string expected) =>
        Assert.Equal(expected, Locales.Choose(preferred));

    [Theory]
    [InlineData("card_declined", "insufficient_funds", null, DeclineKind.Soft)]
    [InlineData("card_declined", "generic_decline", null, DeclineKind.Soft)]
    [InlineData("card_declined", "stolen_card", null, DeclineKind.Hard)]
    [InlineData("card_declined", "generic_decline", "do_not_try_again", DeclineKind.Hard)]
    [InlineData("expired_card", null, null, DeclineKind.ExpiredCard)]
    [InlineData("card_declined", "expired_card", null, DeclineKind.ExpiredCard)]
    public void Declines_are_classified_for_the_first_failure_wording(string failure, string? decline, string? advice, DeclineKind expected) =>
        Assert.Equal(expected, DeclineKinds.Classify(new DeclineDetails(failure, decline, advice, null, null, null, null, null)));

    [Theory]
    [InlineData("alice@example.com", "a****@example.com")]
    [InlineData("a@example.com", "a*@example.com")]
    [InlineData("not-an-address", "*****")]
    [InlineData(null, "(none)")]
    public void Addresses_are_masked_for_logs(string? address, string masked) =>
        Assert.Equal(masked, EmailAddressMask.Mask(address));

    [Fact]
    public void An_unsubscribe_signature_is_valid_only_for_its_address_and_secret()
    {
        var signature = new UnsubscribeSignature("secret");
        var sig = signature.Sign("Alice@Example.com");

        Assert.True(signature.IsValid("alice@example.com", sig));
        Assert.False(signature.IsValid("bob@example.com", sig));
        Assert.False(new UnsubscribeSignature("other").IsValid("alice@example.com", sig));
        Assert.False(signature.IsValid("alice@example.com", "00"));
    }

    [Fact]
    public void The_message_id_is_stable_per_invoice_and_step()
    {
        var id = StableMessageId.For("in_1", EmailSteps.FirstFailure, "billing@dunning.example");

        Assert.Equal(id, StableMessageId.For("in_1", EmailSteps.FirstFailure, "billing@dunning.example"));
        Assert.NotEqual(id, StableMessageId.For("in_1", EmailSteps.ReminderDay3, "billing@dunning.example"));
        Assert.NotEqual(id, StableMessageId.For("in_2", EmailSteps.FirstFailure, "billing@dunning.example"));
        Assert.EndsWith("@dunning.example", id);
    }
}
