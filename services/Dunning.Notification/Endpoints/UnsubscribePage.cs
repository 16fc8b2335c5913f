using System.Text.Encodings.Web;
using System.Text.Unicode;
using Dunning.Notification.Content;
using Dunning.Notification.Domain;

namespace Dunning.Notification.Endpoints;

/// <summary>
/// The unsubscribe pages in the email's language: every value HTML-encoded, the address masked, and no script (the
/// Content-Security-Policy allows none inline). The form has no action, so it posts to the link itself, token included.
/// </summary>
public static class UnsubscribePage
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All); // ă, ș stay readable; <, >, &, " are escaped

    public static string Confirm(UnsubscribeRecipient recipient)
    {
        var text = UnsubscribePageText.For(recipient.Locale);
        return Page(recipient.Locale, text.Title, $"""
            <h1>{Html.Encode(text.Title)}</h1>
            <p>{Html.Encode(string.Format(text.Question, EmailAddressMask.Mask(recipient.Email)))}</p>
            <p>{Html.Encode(text.Explanation)}</p>
            <form method="post">
            <button type="submit" name="{UnsubscribeEndpoints.OneClickField}" value="{UnsubscribeEndpoints.OneClickValue}">{Html.Encode(text.Button)}</button>
            </form>
            """);
    }

    public static string Done(UnsubscribeRecipient recipient)
    {
        var text = UnsubscribePageText.For(recipient.Locale);
        return Page(recipient.Locale, text.DoneTitle, $"""
            <h1>{Html.Encode(text.DoneTitle)}</h1>
            <p>{Html.Encode(string.Format(text.Done, EmailAddressMask.Mask(recipient.Email)))}</p>
            <p>{Html.Encode(text.Undo)}</p>
            """);
    }

    private static string Page(string locale, string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="{Html.Encode(locale)}">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{Html.Encode(title)}</title></head>
        <body>
        {body}
        </body>
        </html>
        """;
}
