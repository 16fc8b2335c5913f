using Dunning.Sandbox.Webhooks;

namespace Dunning.Sandbox.Endpoints;

/// <summary>
/// POST /sandbox/webhooks/hold: deliveries wait. POST /sandbox/webhooks/release {"perSecond":1000}: what waits goes out at that
/// rate, then deliveries flow as they come. GET /sandbox/webhooks/hold: {holding, waiting, released, releaseStartedAt, drainedAt}.
/// GET /sandbox/webhooks/pending: {pending}, the deliveries not yet answered 2xx nor given up on.
/// </summary>
public static class WebhookHoldEndpoints
{
    public sealed record ReleaseRequest(double? PerSecond);

    public static void MapWebhookHold(this IEndpointRouteBuilder sandbox)
    {
        sandbox.MapPost("/webhooks/hold", (WebhookHold hold) => Results.Ok(hold.Hold()));
        sandbox.MapPost("/webhooks/release", (ReleaseRequest request, WebhookHold hold, IHostApplicationLifetime lifetime) =>
            request.PerSecond is > 0 and { } perSecond
                ? Results.Ok(hold.Release(perSecond, lifetime.ApplicationStopping))
                : Results.BadRequest(new { error = "perSecond must be a number above 0 (deliveries released per second)" }));
        sandbox.MapGet("/webhooks/hold", (WebhookHold hold) => Results.Ok(hold.State));
        sandbox.MapGet("/webhooks/pending", (WebhookQueue queue) => Results.Ok(new { pending = queue.Pending }));
    }
}
