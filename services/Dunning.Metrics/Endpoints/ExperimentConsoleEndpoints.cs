using System.Text.Json;
using Dunning.Metrics.Ops;
using Dunning.Platform.Http;

namespace Dunning.Metrics.Endpoints;

/// <summary>
/// The experiments page's way to the scheduler, which owns experiments (API key): <c>GET</c> and <c>POST /api/console/experiments</c>
/// and <c>POST /api/console/experiments/{id}/{freeze|stop}</c> pass through as they are, so the scheduler checks every request
/// and its answer (a 400's reason included) reaches the page unchanged. The per-arm report is this service's own.
/// </summary>
public static class ExperimentConsoleEndpoints
{
    public static IEndpointRouteBuilder MapExperimentConsoleEndpoints(this IEndpointRouteBuilder app)
    {
        var experiments = app.MapGroup("/api/console/experiments").RequireApiKey();
        experiments.MapGet("", (PeerServicesClient peers, CancellationToken ct) => ForwardAsync(peers, HttpMethod.Get, "/api/experiments", null, ct));
        experiments.MapPost("", async (HttpRequest request, PeerServicesClient peers, CancellationToken ct) =>
            await ForwardAsync(peers, HttpMethod.Post, "/api/experiments", await JsonBodyAsync(request, ct), ct));
        experiments.MapPost("/{id}/{action}", (string id, string action, PeerServicesClient peers, CancellationToken ct) => action is "freeze" or "stop"
            ? ForwardAsync(peers, HttpMethod.Post, $"/api/experiments/{Uri.EscapeDataString(id)}/{action}", null, ct)
            : Task.FromResult(Results.NotFound(new { error = $"'{action}' is not an action on an experiment: freeze, stop." })));
        return app;
    }

    /// <summary>A body that is not JSON goes on as none: the scheduler's answer then says what to send.</summary>
    private static async Task<string?> JsonBodyAsync(HttpRequest request, CancellationToken cancellationToken) =>
        request.HasJsonContentType() ? await new StreamReader(request.Body).ReadToEndAsync(cancellationToken) : null;

    private static async Task<IResult> ForwardAsync(PeerServicesClient peers, HttpMethod method, string path, string? json, CancellationToken ct)
    {
        var answer = await peers.SchedulerAsync(method, path, json, ct);
        if (answer.Status is not { } status || status == StatusCodes.Status401Unauthorized)
            return Results.Json(new { error = answer.Problem }, statusCode: StatusCodes.Status502BadGateway);
        return Results.Json(answer.Body.ValueKind == JsonValueKind.Undefined ? null : (object)answer.Body, statusCode: status);
    }
}
