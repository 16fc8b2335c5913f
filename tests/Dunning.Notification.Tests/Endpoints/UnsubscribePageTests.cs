using Dunning.Notification.Domain;
using Dunning.Notification.Endpoints;

namespace Dunning.Notification.Tests.Endpoints;

public sealed class UnsubscribePageTests
{
    [Theory]
    [InlineData("en", "Stop emails about your payments to a****@example.com?", "Unsubscribe</button>")]
    [InlineData("nl", "Geen e-mails over je betalingen meer naar a****@example.com?", "Afmelden</button>")]
    [InlineData("ro", "Nu mai trimitem e-mailuri despre plățile tale la a****@example.com?", "Dezabonare</button>")]
    public void The_confirmation_asks_in_the_emails_language_about_the_masked_address(string locale, string question, string button)
    {
        var page = UnsubscribePage.Confirm(UnsubscribeRecipient.For("alice@example.com", locale));

        Assert.Contains($"<html lang=\"{locale}\">", page);
        Assert.Contains(question, page);
        Assert.Contains(button, page);
        Assert.DoesNotContain("alice@", page);
    }

    [Fact]
    public void Markup_in_an_address_is_shown_as_text_and_the_pages_carry_no_script()
    {
        var recipient = UnsubscribeRecipient.For("a@example.com\"><script>alert(1)</script><img src=x onerror=alert(2)>", "en");

        foreach (var page in new[] { UnsubscribePage.Confirm(recipient), UnsubscribePage.Done(recipient) })
        {
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;", page);
            Assert.DoesNotContain("<script", page);
            Assert.DoesNotContain("<img", page);
            Assert.DoesNotContain("onerror=alert(2)>", page);
        }
    }
}
