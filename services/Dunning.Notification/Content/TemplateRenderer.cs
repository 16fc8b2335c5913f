using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Dunning.Notification.Domain;
using Fluid;

namespace Dunning.Notification.Content;

/// <summary>
/// Renders <c>Templates/{locale}/{step}.{subject|text|html}.liquid</c> (embedded resources) with Fluid.
/// Unknown locales fall back to <c>en</c>; parsed templates are cached.
/// </summary>
public sealed class TemplateRenderer
{
    private static readonly FluidParser Parser = new();
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All); // €, ă, ș stay readable; <, >, &, " are still escaped
    private readonly ConcurrentDictionary<string, IFluidTemplate> _templates = new();

    public Task<RenderedEmail> RenderAsync(string step, string locale, EmailModel model) =>
        EmailSteps.All.Contains(step)
            ? RenderAsync(step, locale, Context(model))
            : throw new ArgumentException($"Unknown email step '{step}'", nameof(step));

    /// <summary>The expiring-card reminder (<see cref="EmailSteps.CardExpiring"/>).</summary>
    public Task<RenderedEmail> RenderAsync(string locale, CardExpiringModel model) => RenderAsync(EmailSteps.CardExpiring, locale, Context(model));

    private async Task<RenderedEmail> RenderAsync(string step, string locale, TemplateContext context)
    {
        var language = Locales.Normalize(locale);
        var subject = await Template(language, step, "subject").RenderAsync(context, NullEncoder.Default);
        var text = await Template(language, step, "text").RenderAsync(context, NullEncoder.Default);
        var html = await Template(language, step, "html").RenderAsync(context, Html);
        return new RenderedEmail(language, subject.Trim(), text, html);
    }

    private static TemplateContext Context(EmailModel model)
    {
        var context = new TemplateContext();
        context.SetValue("amount", model.Amount);
        context.SetValue("link", model.Link);
        context.SetValue("unsubscribe_url", model.UnsubscribeUrl);
        context.SetValue("decline", model.Decline);
        context.SetValue("attempt_date", model.AttemptDate ?? "");
        context.SetValue("cancels_subscription", model.CancelsSubscription);
        return context;
    }

    private static TemplateContext Context(CardExpiringModel model)
    {
        var context = new TemplateContext();
        context.SetValue("card", model.Card);
        context.SetValue("expiry", model.Expiry);
        context.SetValue("renewal_date", model.RenewalDate);
        context.SetValue("link", model.Link);
        context.SetValue("unsubscribe_url", model.UnsubscribeUrl);
        return context;
    }

    private IFluidTemplate Template(string locale, string step, string part) =>
        _templates.GetOrAdd($"Templates/{locale}/{step}.{part}.liquid", Load);

    private static IFluidTemplate Load(string resource)
    {
        using var stream = typeof(TemplateRenderer).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Template {resource} is not embedded");
        using var reader = new StreamReader(stream);
        return Parser.TryParse(reader.ReadToEnd(), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Template {resource} does not parse: {error}");
    }
}
