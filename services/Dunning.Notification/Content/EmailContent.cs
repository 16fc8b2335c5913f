using Dunning.Notification.Domain;

namespace Dunning.Notification.Content;

/// <summary>Renders a case's email for a step in a locale: amount formatted for currency and locale, link, unsubscribe URL.</summary>
public sealed class EmailContent(TemplateRenderer renderer, UnsubscribeLinks unsubscribeLinks)
{
    public string UnsubscribeUrl(string email, string locale) => unsubscribeLinks.For(email, locale);

    public Task<RenderedEmail> RenderAsync(NotificationCase dunningCase, string step, string locale, string link, DateTimeOffset? attemptAt,
        bool cancelsSubscription = false)
    {
        var culture = Locales.Culture(locale);
        var model = new EmailModel(
            MoneyFormatter.Format(dunningCase.AmountMinor, dunningCase.Currency, locale),
            link,
            UnsubscribeUrl(dunningCase.Email ?? "", locale),
            dunningCase.Decline.TemplateValue(),
            attemptAt?.ToString("D", culture),
            cancelsSubscription);
        return renderer.RenderAsync(step, locale, model);
    }
}
