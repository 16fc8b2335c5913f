using Dunning.Notification.Content;
using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Platform.Data;

namespace Dunning.Notification.Endpoints;

/// <summary>
/// <c>/unsubscribe?token=</c>, the link in every email. <c>GET</c> only shows a page that asks (mail scanners and link
/// previews fetch links, and must not unsubscribe anyone); <c>POST</c> with <c>List-Unsubscribe=One-Click</c> (that page's
/// button, or a mail app's RFC 8058 one-click) puts the address on the suppression list.
/// </summary>
public static partial class UnsubscribeEndpoints
{
    public const string OneClickField = "List-Unsubscribe";
    public const string OneClickValue = "One-Click";

    public static WebApplication MapUnsubscribe(this WebApplication app)
    {
        app.MapGet("/unsubscribe", Confirm);
        app.MapPost("/unsubscribe", UnsubscribeAsync).DisableAntiforgery();
        return app;
    }

    private static IResult Confirm(HttpContext context, UnsubscribeLinks links)
    {
        var reading = links.Read(context.Request.Query);
        return reading.Recipient is { } recipient ? Page(context, UnsubscribePage.Confirm(recipient)) : Refused(reading.Problem!);
    }

    private static async Task<IResult> UnsubscribeAsync(HttpContext context, UnsubscribeLinks links, UnitsOfWork units, SuppressionStore suppressions,
        ILogger<SuppressionStore> logger, CancellationToken cancellationToken)
    {
        var reading = links.Read(context.Request.Query);
        if (reading.Recipient is not { } recipient)
            return Refused(reading.Problem!);
        if (!await IsOneClickAsync(context.Request, cancellationToken))
            return Refused($"Send the form field {OneClickField}={OneClickValue} (RFC 8058), as the button on this link's page does.");

        if (await units.RunAsync((unit, token) => suppressions.AddAsync(unit, recipient.Email, "unsubscribe_link", SuppressionActors.CustomerLink, token),
                cancellationToken))
            LogUnsubscribed(logger, EmailAddressMask.Mask(recipient.Email));
        return Page(context, UnsubscribePage.Done(recipient));
    }

    private static async Task<bool> IsOneClickAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType) return false;
        try
        {
            return (await request.ReadFormAsync(cancellationToken))[OneClickField] == OneClickValue;
        }
        catch (InvalidDataException) // a malformed or oversized form body
        {
            return false;
        }
    }

    /// <summary>Not cached anywhere: the page's address carries the token.</summary>
    private static IResult Page(HttpContext context, string html)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static IResult Refused(string problem) => Results.BadRequest(new { error = problem });

    [LoggerMessage(Level = LogLevel.Information, Message = "Unsubscribed {Recipient}")]
    private static partial void LogUnsubscribed(ILogger logger, string recipient);
}
