using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dunning.Platform.Http;

/// <summary>
/// Headers on every response: a strict Content-Security-Policy (scripts only from the service itself, so markup that slipped
/// into a page runs nothing; no framing), <c>X-Content-Type-Options: nosniff</c> and no referrer (links carry tokens).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Call first, so static files and every endpoint get them.</summary>
    public static WebApplication UseDunningSecurityHeaders(this WebApplication app)
    {
        app.Use(next => context =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
        return app;
    }
}
