using System.Reflection;
using Dunning.Notification.Banner;
using Dunning.Notification.Data;
using Dunning.Platform.Data;
using Dunning.Platform.Http;
using Microsoft.Extensions.Options;

namespace Dunning.Notification.Endpoints;

/// <summary>
/// The in-app payment banner: the business's server asks <c>POST /api/customers/{id}/banner-token</c> (API key) for a
/// short-lived token and puts it in its page with <c>/banner.js</c>; the script reads <c>GET /banner/standing?token=</c>
/// (no API key: the token is the credential; readable only from <see cref="BannerOptions.AllowedOrigins"/>). The standing is read
/// at each request, so a closed case shows nothing from the next request on.
/// </summary>
public static class BannerEndpoints
{
    public const string CorsPolicy = "banner";
    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("banner.js")!;
        return new StreamReader(stream).ReadToEnd();
    });

    public static WebApplication MapBanner(this WebApplication app)
    {
        app.MapPost("/api/customers/{customerId}/banner-token", IssueToken).RequireApiKey();
        app.MapGet("/banner/standing", StandingAsync).RequireCors(CorsPolicy);
        app.MapGet("/banner.js", (HttpResponse response) =>
        {
            response.Headers.CacheControl = "public, max-age=300";
            return Results.Text(Script.Value, "text/javascript; charset=utf-8");
        });
        return app;
    }

    private static IResult IssueToken(string customerId, BannerTokens tokens, IOptions<BannerOptions> options)
    {
        if (!options.Value.Enabled)
            return Results.Conflict(new { error = "The banner is off: set Banner__Secrets__0 and Banner__AllowedOrigins__0 to turn it on." });
        customerId = customerId.Trim();
        if (!customerId.StartsWith("cus_", StringComparison.Ordinal) || customerId.Length > 255)
            return Results.BadRequest(new { error = "Give a Stripe customer id: /api/customers/cus_.../banner-token" });
        var (token, expiresAt) = tokens.Issue(customerId);
        return Results.Ok(new { token, expiresAt });
    }

    private static async Task<IResult> StandingAsync(string? token, HttpResponse response, BannerTokens tokens, UnitsOfWork units,
        StandingStore standings, IOptions<BannerOptions> options, CancellationToken cancellationToken)
    {
        response.Headers.CacheControl = "no-store";
        if (!options.Value.Enabled)
            return Results.NotFound(new { error = "The banner is off." });
        if (string.IsNullOrWhiteSpace(token))
            return Results.BadRequest(new { error = "Give the banner token: /banner/standing?token=..." });
        var (customerId, problem) = await tokens.ReadAsync(token);
        if (customerId is null)
            return Results.Json(new { error = problem }, statusCode: StatusCodes.Status401Unauthorized);
        var standing = await units.RunAsync((unit, ct) => standings.ReadAsync(unit, customerId, ct), cancellationToken);
        if (!standing.InDunning || standing.PayUrl is null)
            return Results.Ok(new { show = false });
        var text = BannerText.For(standing.Language);
        return Results.Ok(new { show = true, text.Message, text.Action, url = standing.PayUrl, language = standing.Language });
    }
}
