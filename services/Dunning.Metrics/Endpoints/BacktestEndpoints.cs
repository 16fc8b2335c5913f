using Dunning.Metrics.Data;
using Dunning.Metrics.Domain;
using Dunning.Platform.Data;
using Dunning.Platform.Http;
using Microsoft.Extensions.Options;

namespace Dunning.Metrics.Endpoints;

/// <summary>
/// The policy lab's backtest reports (API key), for the backtests page: <c>POST /api/backtests</c> stores a report as
/// <c>lab.sh backtest --json</c> prints it (<c>--publish</c> sends it), 201 when new, 200 with the stored one when it is already there;
/// <c>GET /api/backtests</c> lists them newest first; <c>GET /api/backtests/{id}</c> is one report; <c>DELETE /api/backtests/{id}</c>
/// removes one (204; the key that did it is logged).
/// </summary>
public static partial class BacktestEndpoints
{
    public static IEndpointRouteBuilder MapBacktestEndpoints(this IEndpointRouteBuilder app)
    {
        var backtests = app.MapGroup("/api/backtests").RequireApiKey();
        backtests.MapPost("", PublishAsync);
        backtests.MapGet("", (UnitsOfWork units, BacktestReportStore store, CancellationToken ct) =>
            units.RunAsync(async (unit, token) => Results.Ok(await store.ListAsync(unit, token)), ct));
        backtests.MapGet("/{id}", GetAsync);
        backtests.MapDelete("/{id}", DeleteAsync);
        return app;
    }

    private static async Task<IResult> PublishAsync(HttpRequest request, UnitsOfWork units, BacktestReportStore store, TimeProvider clock,
        IOptions<ApiKeyOptions> key, ILogger<BacktestReport> logger, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
            return BadRequest($"The body must be JSON (Content-Type: application/json). {BacktestReport.Shape}");
        var (report, problem) = BacktestReport.Read(await new StreamReader(request.Body).ReadToEndAsync(ct));
        if (report is null)
            return BadRequest(problem!);
        var id = report.Id();
        var (stored, isNew) = await units.RunAsync(async (unit, token) =>
        {
            var isNew = await store.SaveAsync(unit, report, clock.GetUtcNow(), token);
            return (await store.SummaryAsync(unit, id, token), isNew);
        }, ct);
        if (!isNew)
            return Results.Ok(stored);
        LogPublished(logger, id, string.Join(", ", stored!.Policies), key.Value.Id);
        return Results.Created($"/api/backtests/{id}", stored);
    }

    private static async Task<IResult> GetAsync(string id, UnitsOfWork units, BacktestReportStore store, CancellationToken ct)
    {
        if (!BacktestReport.IsId(id))
            return NotAnId(id);
        var report = await units.RunAsync((unit, token) => store.FindAsync(unit, id, token), ct);
        return report is null ? NotFound(id) : Results.Ok(report);
    }

    private static async Task<IResult> DeleteAsync(string id, UnitsOfWork units, BacktestReportStore store, IOptions<ApiKeyOptions> key,
        ILogger<BacktestReport> logger, CancellationToken ct)
    {
        if (!BacktestReport.IsId(id))
            return NotAnId(id);
        if (!await units.RunAsync((unit, token) => store.DeleteAsync(unit, id, token), ct))
            return NotFound(id);
        LogDeleted(logger, id, key.Value.Id);
        return Results.NoContent();
    }

    private static IResult BadRequest(string reason) => Results.BadRequest(new { error = reason });

    private static IResult NotAnId(string id) =>
        BadRequest($"'{id}' is not a backtest report id (16 lowercase hex digits, as POST /api/backtests answered).");

    private static IResult NotFound(string id) =>
        Results.Json(new { error = $"No backtest report '{id}': GET /api/backtests lists those published." }, statusCode: StatusCodes.Status404NotFound);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backtest report {ReportId} published, policies {Policies} (api key {KeyId})")]
    private static partial void LogPublished(ILogger logger, string reportId, string policies, string keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backtest report {ReportId} deleted (api key {KeyId})")]
    private static partial void LogDeleted(ILogger logger, string reportId, string keyId);
}
