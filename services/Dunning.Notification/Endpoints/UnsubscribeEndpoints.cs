using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Microsoft.Extensions.Options;

namespace Dunning.Notification.Endpoints;

/// <summary>
/// <c>GET /unsubscribe?email=&amp;sig=</c> (the link in every email) and <c>POST</c> (RFC 8058 one-click from the
/// <c>List-Unsubscribe-Post</c> header): a valid signature puts the address on the suppression list.
/// </summary>
public static partial class UnsubscribeEndpoints
{
    public static WebApplication MapUnsubscribe(this WebApplication app)
    {
        app.MapGet("/unsubscribe", UnsubscribeAsync);
        app.MapPost("/unsubscribe", UnsubscribeAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> UnsubscribeAsync(string? email, string? sig, SuppressionStore suppressions,
        IOptions<NotificationOptions> options, ILogger<SuppressionStore> logger, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(sig))
            return Results.BadRequest(new { error = "Both 'email' and 'sig' are required; use the unsubscribe link from the email as it is." });
        if (!new UnsubscribeSignature(options.Value.UnsubscribeSecret).IsValid(email, sig))
            return Results.BadRequest(new { error = "The signature does not match this address; use the unsubscribe link from the email as it is." });

        await suppressions.AddAsync(email, "unsubscribe_link", cancellationToken);
        LogUnsubscribed(logger, EmailAddressMask.Mask(email));
        return Results.Content("<!DOCTYPE html><html><body><p>You are unsubscribed. / Je bent afgemeld. / Te-ai dezabonat.</p></body></html>", "text/html");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Unsubscribed {Recipient}")]
    private static partial void LogUnsubscribed(ILogger logger, string recipient);
}
