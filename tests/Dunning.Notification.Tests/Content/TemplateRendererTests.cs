using Dunning.Notification.Content;
using Dunning.Notification.Domain;

namespace Dunning.Notification.Tests.Content;

public sealed class TemplateRendererTests
{
    private readonly TemplateRenderer _renderer = new();

    [Theory]
    [InlineData("en", "soft", "We couldn't take your payment of €24.99")]
    [InlineData("en", "hard", "Your card was declined – please update it")]
    [InlineData("en", "expired_card", "Your card has expired – please update it")]
    [InlineData("nl", "soft", "We konden je betaling van €24.99 niet verwerken")]
    [InlineData("nl", "hard", "Je kaart is geweigerd – werk je betaalgegevens bij")]
    [InlineData("nl", "expired_card", "Je kaart is verlopen – werk je betaalgegevens bij")]
    [InlineData("ro", "soft", "Nu am putut încasa plata de €24.99")]
    [InlineData("ro", "hard", "Cardul tău a fost refuzat – te rugăm să îl actualizezi")]
    [InlineData("ro", "expired_card", "Cardul tău a expirat – te rugăm să îl actualizezi")]
    public async Task First_failure_subject_follows_the_decline_kind_in_each_locale(string locale, string decline, string subject)
    {
        var email = await _renderer.RenderAsync(EmailSteps.FirstFailure, locale, Model(decline));

        Assert.Equal(subject, email.Subject);
        Assert.Equal(locale, email.Locale);
    }

    [Theory]
    [InlineData("en", "Hello,")]
    [InlineData("nl", "Hallo,")]
    [InlineData("ro", "Bună ziua,")]
    public async Task Every_step_renders_text_and_html_with_amount_link_and_unsubscribe_in_each_locale(string locale, string greeting)
    {
        foreach (var step in EmailSteps.All)
        {
            var email = await _renderer.RenderAsync(step, locale, Model("soft"));

            Assert.False(string.IsNullOrWhiteSpace(email.Subject), step);
            Assert.StartsWith(greeting, email.Text);
            Assert.Contains("https://pay.example/i/1?a=1&b=2", email.Text);
            Assert.Contains("https://pay.example/i/1?a=1&amp;b=2", email.Html);
            Assert.Contains("https://unsub.example/u", email.Text);
            Assert.Contains($"<html lang=\"{locale}\">", email.Html);
            if (step is not EmailSteps.ReminderDay7) Assert.Contains("€24.99", email.Text);
        }
    }

    [Fact]
    public async Task Final_notice_names_the_date_of_the_final_attempt()
    {
        var email = await _renderer.RenderAsync(EmailSteps.FinalNotice, "nl", Model("soft") with { AttemptDate = "woensdag 25 november 2026" });

        Assert.Equal("Laatste herinnering: op woensdag 25 november 2026 proberen we je kaart nog één keer", email.Subject);
    }

    [Fact]
    public async Task An_unsupported_locale_falls_back_to_english()
    {
        var email = await _renderer.RenderAsync(EmailSteps.Recovered, "de-DE", Model("soft"));

        Assert.Equal("en", email.Locale);
        Assert.Equal("Thank you – your payment of €24.99 went through", email.Subject);
    }

    [Fact]
    public async Task Values_are_html_escaped_in_the_html_part()
    {
        var email = await _renderer.RenderAsync(EmailSteps.Recovered, "en", Model("soft") with { Amount = "<b>€1</b>" });

        Assert.Contains("&lt;b&gt;€1&lt;/b&gt;", email.Html);
        Assert.Contains("<b>€1</b>", email.Text);
    }

    private static EmailModel Model(string decline) =>
        new("€24.99", "https://pay.example/i/1?a=1&b=2", "https://unsub.example/u", decline, "25 November 2026");
}
