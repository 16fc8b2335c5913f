using Dunning.Notification.Content;
using Dunning.Notification.Domain;
using Dunning.Platform.Http;

namespace Dunning.Notification.Endpoints;

/// <summary><c>GET /api/preview/{step}?locale=nl&amp;decline=hard&amp;part=html|text|subject</c>: a template rendered for a sample case.</summary>
public static class PreviewEndpoints
{
    private static readonly NotificationCase Sample = new("in_sample", "cus_sample", "sub_sample", "customer@example.com", null,
        2499, "eur", "https://invoice.stripe.com/i/acct_sample/test_sample", DeclineKind.Soft, CaseStatus.Open);

    public static WebApplication MapPreview(this WebApplication app)
    {
        app.MapGroup("/api/preview").RequireApiKey().MapGet("/{step}", PreviewAsync);
        return app;
    }

    private static async Task<IResult> PreviewAsync(string step, string? locale, string? decline, string? part, EmailContent content, TimeProvider clock)
    {
        if (!EmailSteps.All.Contains(step))
            return Results.BadRequest(new { error = $"Unknown step '{step}'. Steps: {string.Join(", ", EmailSteps.All)}." });
        if (locale is not null && !Locales.Supported.Contains(locale))
            return Results.BadRequest(new { error = $"Unknown locale '{locale}'. Locales: {string.Join(", ", Locales.Supported)}." });
        if (!Enum.TryParse<DeclineKind>(decline?.Replace("_", "") ?? "soft", ignoreCase: true, out var kind))
            return Results.BadRequest(new { error = "decline must be soft, hard or expired_card." });

        var email = await content.RenderAsync(
            Sample with { Decline = kind }, step, locale ?? Locales.Fallback, Sample.HostedUrl!, clock.GetUtcNow().AddDays(2));
        return part switch
        {
            null or "html" => Results.Content(email.Html, "text/html; charset=utf-8"),
            "text" => Results.Text(email.Text, "text/plain; charset=utf-8"),
            "subject" => Results.Text(email.Subject, "text/plain; charset=utf-8"),
            _ => Results.BadRequest(new { error = "part must be html, text or subject." }),
        };
    }
}
