using Dunning.BillingWebhook.Data;
using Dunning.Platform.Http;

namespace Dunning.BillingWebhook.Endpoints;

/// <summary>Ops API (API key): list received events, replay one event's messages.</summary>
public static class EventsApi
{
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/api/events").RequireApiKey();
        events.MapGet("/", ListAsync);
        events.MapPost("/{id}/replay", ReplayAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(StripeEventLog log, string? type, string? since, int? limit, CancellationToken cancellationToken)
    {
        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal,
                out var parsed))
                return Results.Json(new { error = $"'since' must be an ISO 8601 date-time, e.g. 2026-11-01T00:00:00Z; got '{since}'." }, statusCode: 400);
            from = parsed;
        }
        if (limit is < 1 or > MaxLimit)
            return Results.Json(new { error = $"'limit' must be between 1 and {MaxLimit}." }, statusCode: 400);
        return Results.Ok(await log.ListAsync(string.IsNullOrEmpty(type) ? null : type, from, limit ?? 100, cancellationToken));
    }

    private static async Task<IResult> ReplayAsync(string id, EventReplayer replayer, CancellationToken cancellationToken) =>
        await replayer.ReplayAsync(id, cancellationToken) switch
        {
            { Received: false } => Results.Json(new { error = $"No event '{id}' was received." }, statusCode: 404),
            { PayloadPurgedAt: { } purged } => Results.Json(new
            {
                error = $"Event '{id}' can no longer be replayed: its payload was cleared on {purged:yyyy-MM-dd} after Retention:StripePayloads " +
                    "(its row stays, so Stripe redelivering it is still a duplicate). Its messages were published when it arrived.",
            }, statusCode: 410),
            var replay => Results.Ok(new { id, republished = replay.Republished }),
        };
}
