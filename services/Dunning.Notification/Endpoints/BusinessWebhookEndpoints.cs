using Dunning.Notification.BusinessWebhooks;
using Dunning.Platform.Data;
using Dunning.Platform.Http;
using Microsoft.Extensions.Options;

namespace Dunning.Notification.Endpoints;

/// <summary>
/// The delivery log of the webhooks to the business (API key): <c>GET /api/business-webhooks?invoice=&amp;status=&amp;limit=</c>,
/// newest first, and <c>POST /api/business-webhooks/{eventId}/resend</c>, which sends an event again with its own id.
/// </summary>
public static class BusinessWebhookEndpoints
{
    private const int MaxLimit = 500;

    public static WebApplication MapBusinessWebhooks(this WebApplication app)
    {
        app.MapGet("/api/business-webhooks", RecentAsync).RequireApiKey();
        app.MapPost("/api/business-webhooks/{eventId}/resend", ResendAsync).RequireApiKey();
        return app;
    }

    private static async Task<IResult> RecentAsync(string? invoice, string? status, int? limit, UnitsOfWork units, BusinessWebhookLog log,
        IOptions<BusinessWebhookOptions> options, CancellationToken cancellationToken)
    {
        string[] statuses = [BusinessWebhookDelivery.Pending, BusinessWebhookDelivery.Delivered, BusinessWebhookDelivery.Failed];
        if (status is not null && !statuses.Contains(status))
            return Results.BadRequest(new { error = $"'status' must be one of {string.Join(", ", statuses)} (it is '{status}')." });
        if (limit is < 1 or > MaxLimit)
            return Results.BadRequest(new { error = $"'limit' must be between 1 and {MaxLimit}." });
        var deliveries = await units.RunAsync((unit, token) => log.RecentAsync(unit, invoice?.Trim(), status, limit ?? 100, token), cancellationToken);
        return Results.Ok(new { enabled = options.Value.Enabled, url = options.Value.Url, deliveries });
    }

    private static async Task<IResult> ResendAsync(string eventId, UnitsOfWork units, BusinessWebhookQueue queue,
        IOptions<BusinessWebhookOptions> options, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
            return Results.Conflict(new { error = "Webhooks to the business are off: set BusinessWebhooks:Url (and a secret) to send them." });
        var found = await units.RunAsync((unit, token) => queue.ResendAsync(unit, eventId, token), cancellationToken);
        return found ? Results.Accepted(value: new { eventId, status = BusinessWebhookDelivery.Pending })
            : Results.NotFound(new { error = $"No webhook event {eventId} was recorded." });
    }
}
