using Dunning.Notification.Content;
using Dunning.Notification.Sending;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dunning.Notification.Tests.Sending;

public sealed class EmailComposerTests
{
    private static readonly RenderedEmail Email = new("en", "Subject", "Text", "<p>Html</p>");
    private readonly EmailComposer _composer = new(Options.Create(new SmtpOptions { From = "billing@dunning.example" }));

    [Fact]
    public void An_https_link_is_offered_for_one_click_unsubscribe()
    {
        var message = Compose("https://billing.example.com/unsubscribe?token=k.t");

        Assert.Equal("<https://billing.example.com/unsubscribe?token=k.t>", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
    }

    [Fact]
    public void A_plain_http_link_is_not_offered_for_one_click_which_needs_https()
    {
        var message = Compose("http://127.0.0.1:5082/unsubscribe?token=k.t");

        Assert.Equal("<http://127.0.0.1:5082/unsubscribe?token=k.t>", message.Headers["List-Unsubscribe"]);
        Assert.Null(message.Headers["List-Unsubscribe-Post"]);
    }

    private MimeMessage Compose(string unsubscribeUrl) =>
        _composer.Compose("alice@example.com", "id@dunning.example", Email, unsubscribeUrl, DateTimeOffset.UtcNow);
}
