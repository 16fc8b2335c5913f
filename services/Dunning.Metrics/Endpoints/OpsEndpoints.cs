using Dunning.Metrics.Ops;
using Dunning.Metrics.Telemetry;
using Dunning.Platform.Http;

namespace Dunning.Metrics.Endpoints;

/// <summary>
/// The ops view's API (API key): queues, re-drive of an <c>_error</c> queue, services' health, each service's backlog (outbox, due
/// jobs, webhook rejections, Stripe breaker: from its <c>/metrics</c>), open cases, the webhook's last events, and the delivery
/// log of the webhooks to the business with its re-send (from the notification service).
/// </summary>
public static class OpsEndpoints
{
    public static IEndpointRouteBuilder MapOpsEndpoints(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup("/api/ops").RequireApiKey();
        ops.MapGet("/queues", async (RabbitManagementClient rabbit, CancellationToken ct) => Results.Ok(await rabbit.QueuesAsync(ct)));
        ops.MapPost("/queues/{name}/redrive", RedriveAsync);
        ops.MapGet("/services", async (ServiceHealthProbe probe, CancellationToken ct) => Results.Ok(await probe.CheckAllAsync(ct)));
        ops.MapGet("/backlog", async (ServiceFiguresReader reader, CancellationToken ct) => Results.Ok(await reader.ReadAllAsync(ct)));
        ops.MapGet("/cases", async (LedgerTotalsQuery totals, CancellationToken ct) =>
            Results.Ok((await totals.ReadAsync(ct)).Select(t => new { t.Currency, t.Mode, t.OpenCases }).OrderBy(t => t.Mode).ThenBy(t => t.Currency)));
        ops.MapGet("/events", async (WebhookEventsClient events, CancellationToken ct) => Results.Ok(await events.LatestAsync(ct)));
        ops.MapGet("/business-webhooks", (PeerServicesClient services, CancellationToken ct) =>
            PassToNotificationAsync(services, HttpMethod.Get, "/api/business-webhooks?limit=20", ct));
        ops.MapPost("/business-webhooks/{eventId}/resend", (string eventId, PeerServicesClient services, CancellationToken ct) =>
            PassToNotificationAsync(services, HttpMethod.Post, $"/api/business-webhooks/{Uri.EscapeDataString(eventId)}/resend", ct));
        return app;
    }

    /// <summary>The webhooks to the business live in the notification service: its answer as it is, or 502 with why it could not be asked.</summary>
    private static async Task<IResult> PassToNotificationAsync(PeerServicesClient services, HttpMethod method, string path, CancellationToken ct)
    {
        var answer = await services.NotificationAsync(method, path, null, ct);
        return answer.Status is { } status && status != StatusCodes.Status401Unauthorized
            ? Results.Json(answer.Body.ValueKind == System.Text.Json.JsonValueKind.Undefined ? null : answer.Body, statusCode: status)
            : Results.Json(new { error = answer.Problem }, statusCode: StatusCodes.Status502BadGateway);
    }

    private static async Task<IResult> RedriveAsync(string name, RabbitManagementClient rabbit, ErrorQueueRedriver redriver,
        CancellationToken cancellationToken)
    {
        var source = QueueView.SourceOf(name);
        if (source is null)
            return Results.BadRequest(new { error = $"'{name}' is not an error queue: only queues ending in {QueueView.ErrorSuffix} can be re-driven." });
        if (!await rabbit.QueueExistsAsync(name, cancellationToken))
            return Results.NotFound(new { error = $"Queue '{name}' does not exist in this virtual host." });
        if (!await rabbit.QueueExistsAsync(source, cancellationToken))
            return Results.BadRequest(new { error = $"Source queue '{source}' does not exist; nothing to re-drive into." });
        return Results.Ok(new { queue = name, source, moved = await redriver.RedriveAsync(name, cancellationToken) });
    }
}
