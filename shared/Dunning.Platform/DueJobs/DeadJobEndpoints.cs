using System.Text.Json;
using Dunning.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dunning.Platform.DueJobs;

/// <summary>
/// The ops API (API key) over this service's dead due jobs: <c>GET /api/jobs/dead[?kind=&amp;limit=]</c> lists them, newest
/// first; <c>POST /api/jobs/dead/{key}/rerun</c> with <c>{"reason": "..."}</c> makes one due now, and
/// <c>POST /api/jobs/dead/rerun[?kind=]</c> every one (of a kind), after a shared cause was fixed. Each service owns its jobs,
/// so each service that runs due jobs maps it.
/// </summary>
public static class DeadJobEndpoints
{
    public const int MaxLimit = 1000;
    public const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapDeadJobs(this IEndpointRouteBuilder app)
    {
        var dead = app.MapGroup("/api/jobs/dead").RequireApiKey();
        dead.MapGet("/", ListAsync);
        dead.MapPost("/{key}/rerun", RerunAsync);
        dead.MapPost("/rerun", RerunAllAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(DeadJobs jobs, string? kind, string? limit, CancellationToken cancellationToken)
    {
        var count = 100;
        if (limit is not null && (!int.TryParse(limit, out count) || count < 1 || count > MaxLimit))
            return Results.BadRequest(new { error = $"limit must be a whole number from 1 to {MaxLimit} (got '{limit}')." });
        return Results.Ok(await jobs.ListAsync(string.IsNullOrEmpty(kind) ? null : kind, count, cancellationToken));
    }

    private static async Task<IResult> RerunAsync(string key, HttpRequest request, DeadJobs jobs, CancellationToken cancellationToken)
    {
        if (await ReasonAsync(request, cancellationToken) is not { } reason)
            return MissingReason();
        return await jobs.RerunAsync(key, reason, cancellationToken) switch
        {
            DeadJobs.RerunResult.Rerun => Results.Ok(new { key, rerun = true, reason }),
            DeadJobs.RerunResult.NotDead => Results.Conflict(new { error = $"Job '{key}' is not dead: it runs by itself, nothing to re-run." }),
            _ => Results.NotFound(new { error = $"No due job '{key}' in this service (it ran, or its case cancelled it)." }),
        };
    }

    private static async Task<IResult> RerunAllAsync(string? kind, HttpRequest request, DeadJobs jobs, CancellationToken cancellationToken) =>
        await ReasonAsync(request, cancellationToken) is { } reason
            ? Results.Ok(new { kind, rerun = await jobs.RerunAllAsync(string.IsNullOrEmpty(kind) ? null : kind, reason, cancellationToken), reason })
            : MissingReason();

    private static IResult MissingReason() =>
        Results.BadRequest(new { error = $"Say why the job is re-run: a JSON body {{\"reason\": \"...\"}}, 1 to {MaxReasonLength} characters." });

    private static async Task<string?> ReasonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("reason", out var value)
                   && value.ValueKind == JsonValueKind.String && value.GetString()!.Trim() is { Length: > 0 and <= MaxReasonLength } reason
                ? reason
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
