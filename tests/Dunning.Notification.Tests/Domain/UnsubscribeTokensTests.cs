using System.Buffers.Text;
using System.Text;
using Dunning.Notification.Domain;

namespace Dunning.Notification.Tests.Domain;

public sealed class UnsubscribeTokensTests
{
    private const string Old = "the-secret-before-the-rotation";
    private const string New = "the-secret-after-the-rotation";

    [Fact]
    public void A_token_reads_back_its_address_and_language_and_shows_neither()
    {
        var tokens = new UnsubscribeTokens([New]);

        var token = tokens.Issue(UnsubscribeRecipient.For(" Alice@Example.com ", "nl-BE"));

        var recipient = tokens.Read(token).Recipient!;
        Assert.Equal("alice@example.com", recipient.Email);
        Assert.Equal("nl", recipient.Locale);
        var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[1]));
        Assert.DoesNotContain("alice", token + decoded, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("example", token + decoded, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_address_gets_the_same_token_every_time_and_another_address_another()
    {
        var tokens = new UnsubscribeTokens([New]);

        var token = tokens.Issue(UnsubscribeRecipient.For("alice@example.com", "en"));

        Assert.Equal(token, tokens.Issue(UnsubscribeRecipient.For("ALICE@example.com", "en")));
        Assert.NotEqual(token, tokens.Issue(UnsubscribeRecipient.For("alicf@example.com", "en")));
        Assert.NotEqual(token, tokens.Issue(UnsubscribeRecipient.For("alice@example.com", "ro")));
    }

    [Fact]
    public void After_a_rotation_the_new_secret_makes_tokens_and_the_old_ones_tokens_still_read()
    {
        var before = new UnsubscribeTokens([Old]);
        var after = new UnsubscribeTokens([New, Old]);
        var oldToken = before.Issue(UnsubscribeRecipient.For("alice@example.com", "en"));

        var newToken = after.Issue(UnsubscribeRecipient.For("alice@example.com", "en"));

        Assert.Equal("alice@example.com", after.Read(oldToken).Recipient?.Email);
        Assert.Equal(new UnsubscribeKey(New).Id, newToken.Split('.')[0]);
        Assert.Equal(new UnsubscribeKey(Old).Id, oldToken.Split('.')[0]);
        Assert.Contains($"key we no longer use (key {new UnsubscribeKey(Old).Id})", new UnsubscribeTokens([New]).Read(oldToken).Problem);
    }

    [Fact]
    public void A_changed_token_is_refused_whichever_character_changed()
    {
        var tokens = new UnsubscribeTokens([New, Old]);
        var token = tokens.Issue(UnsubscribeRecipient.For("alice@example.com", "en"));
        var body = token[(token.IndexOf('.') + 1)..];

        for (var i = 0; i < body.Length - 1; i++) // the last character may carry only padding bits
        {
            var changed = $"{token[..(token.IndexOf('.') + 1)]}{body[..i]}{(body[i] == 'A' ? 'B' : 'A')}{body[(i + 1)..]}";
            Assert.Equal(UnsubscribeTokens.Changed, tokens.Read(changed).Problem);
        }
        var otherKeysId = $"{new UnsubscribeKey(Old).Id}.{body}";
        Assert.Equal(UnsubscribeTokens.Changed, tokens.Read(otherKeysId).Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-dot-at-all")]
    [InlineData(".AAAA")]
    public void A_token_that_is_not_one_is_refused_as_incomplete(string token) =>
        Assert.NotNull(new UnsubscribeTokens([New]).Read(token).Problem);

    [Fact]
    public void A_truncated_token_is_refused_as_incomplete()
    {
        var tokens = new UnsubscribeTokens([New]);
        var token = tokens.Issue(UnsubscribeRecipient.For("alice@example.com", "en"));

        Assert.Equal(UnsubscribeTokens.Malformed, tokens.Read(token[..20]).Problem);
        Assert.Equal(UnsubscribeTokens.Malformed, tokens.Read(token + "*").Problem);
    }

    [Fact]
    public void Without_a_secret_there_are_no_tokens_and_the_error_names_the_setting() =>
        Assert.Contains("Notification__UnsubscribeSecrets__0", Assert.Throws<InvalidOperationException>(() => new UnsubscribeTokens(["", " "])).Message);
}
