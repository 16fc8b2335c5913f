using Dunning.Platform.Data;
using Dunning.Platform.Http;
using Dunning.RetryScheduler.Data;
using Dunning.RetryScheduler.Experiments;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dunning.RetryScheduler.Endpoints;

/// <summary>
/// Randomized experiments on live cases (API key, as the ops API): <c>POST /api/experiments</c> starts one (see
/// <see cref="ExperimentRequest"/>), <c>GET /api/experiments[/{id}]</c> shows them, <c>POST /api/experiments/{id}/freeze</c> stops
/// assigning new cases (assigned ones keep their arm), <c>POST /api/experiments/{id}/stop</c> ends it. One runs at a time: a case
/// is then in at most one experiment, and its arm's policy is the only change to its schedule.
/// </summary>
public static partial class ExperimentEndpoints
{
    public static IEndpointRouteBuilder MapExperimentEndpoints(this IEndpointRouteBuilder app)
    {
        var experiments = app.MapGroup("/api/experiments").RequireApiKey();
        experiments.MapPost("", StartAsync);
        experiments.MapGet("", (UnitsOfWork units, ExperimentStore store, CancellationToken ct) =>
            units.RunAsync(async (unit, token) => Results.Ok(await store.WithCaseCountsAsync(unit, await store.AllAsync(unit, token), token)), ct));
        experiments.MapGet("/{id}", GetAsync);
        experiments.MapPost("/{id}/freeze", (string id, UnitsOfWork units, ExperimentStore store, TimeProvider clock, IOptions<ApiKeyOptions> key,
            ILogger<ExperimentRequest> logger, CancellationToken ct) => ChangeAsync(id, ExperimentStatus.Frozen, units, store, clock, key, logger, ct));
        experiments.MapPost("/{id}/stop", (string id, UnitsOfWork units, ExperimentStore store, TimeProvider clock, IOptions<ApiKeyOptions> key,
            ILogger<ExperimentRequest> logger, CancellationToken ct) => ChangeAsync(id, ExperimentStatus.Stopped, units, store, clock, key, logger, ct));
        return app;
    }

    private static async Task<IResult> StartAsync(HttpRequest request, UnitsOfWork units, ExperimentStore store, ArmPolicies policies,
        TimeProvider clock, IOptions<ApiKeyOptions> key, ILogger<ExperimentRequest> logger, CancellationToken ct)
    {
        var (body, problem) = await JsonRequestBody.ReadAsync<ExperimentRequest>(request, ExperimentRequest.Shape, ct);
        if (body is null)
            return BadRequest(problem ?? $"The body is empty. {ExperimentRequest.Shape}");
        var (experiment, invalid) = body.Validate(policies.Configured, Guid.CreateVersion7(), clock.GetUtcNow());
        if (experiment is null)
            return BadRequest(invalid!);
        try
        {
            var started = await units.RunAsync(async (unit, token) =>
            {
                if (await store.RunningAsync(unit, token) is { } running)
                    return running;
                store.Start(unit, experiment);
                return experiment;
            }, ct);
            if (!ReferenceEquals(started, experiment))
                return AnotherRuns(started);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Results.Conflict(new { error = "Another experiment started at the same moment: one runs at a time. Freeze or stop it first." });
        }
        LogChanged(logger, experiment.Id, "started", key.Value.Id);
        return Results.Created($"/api/experiments/{experiment.Id}", experiment);
    }

    private static async Task<IResult> GetAsync(string id, UnitsOfWork units, ExperimentStore store, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var experimentId))
            return NotAnId(id);
        return await units.RunAsync(async (unit, token) =>
            await store.FindAsync(unit, experimentId, forUpdate: false, token) is { } experiment
                ? Results.Ok((await store.WithCaseCountsAsync(unit, [experiment], token)).Single())
                : NotFound(id), ct);
    }

    /// <summary>Freeze (from running) or stop (from running or frozen); asking again for the status it has changes nothing.</summary>
    private static async Task<IResult> ChangeAsync(string id, ExperimentStatus to, UnitsOfWork units, ExperimentStore store, TimeProvider clock,
        IOptions<ApiKeyOptions> key, ILogger logger, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var experimentId))
            return NotAnId(id);
        var (result, changed) = await units.RunAsync<(IResult, bool)>(async (unit, token) =>
        {
            var experiment = await store.FindAsync(unit, experimentId, forUpdate: true, token);
            if (experiment is null)
                return (NotFound(id), false);
            if (experiment.Status == to)
                return (Results.Ok(experiment), false);
            if (experiment.Status == ExperimentStatus.Stopped)
                return (Results.Conflict(new { error = $"Experiment {id} is stopped, for good: start a new one instead." }), false);
            var now = clock.GetUtcNow();
            if (to == ExperimentStatus.Frozen)
                store.Freeze(unit, experimentId, now);
            else
                store.Stop(unit, experimentId, now);
            var after = to == ExperimentStatus.Frozen
                ? experiment with { Status = to, FrozenAt = now }
                : experiment with { Status = to, StoppedAt = now };
            return (Results.Ok(after), true);
        }, ct);
        if (changed)
            LogChanged(logger, experimentId, to.ToString().ToLowerInvariant(), key.Value.Id);
        return result;
    }

    private static IResult AnotherRuns(Experiment running) => Results.Conflict(new
    {
        error = $"Experiment {running.Id} ('{running.Name}') is running: one runs at a time, so that a case is in one experiment only. "
            + $"Freeze it (POST /api/experiments/{running.Id}/freeze) or stop it first.",
    });

    private static IResult BadRequest(string reason) => Results.BadRequest(new { error = reason });

    private static IResult NotAnId(string id) => BadRequest($"'{id}' is not an experiment id (a UUID, as POST /api/experiments answered).");

    private static IResult NotFound(string id) => Results.Json(new { error = $"No experiment '{id}'." }, statusCode: StatusCodes.Status404NotFound);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {ExperimentId} {Change} (api key {KeyId})")]
    private static partial void LogChanged(ILogger logger, Guid experimentId, string change, string keyId);
}
