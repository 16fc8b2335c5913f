using Dunning.Metrics.Data;
using Dunning.Metrics.Domain;
using Dunning.Platform.Http;
using Microsoft.Extensions.Options;

namespace Dunning.Metrics.Endpoints;

/// <summary>
/// The finance reports (API key): summary, churn, breakdowns, attempt funnel and daily series, JSON or CSV, one currency at a time,
/// live data unless <c>mode</c> says test (never both in one figure); and an experiment's per-arm report, every currency apart.
/// </summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").RequireApiKey();
        reports.MapGet("/summary", SummaryAsync);
        reports.MapGet("/churn", ChurnAsync);
        reports.MapGet("/breakdowns", BreakdownsAsync);
        reports.MapGet("/funnel", FunnelAsync);
        reports.MapGet("/timeseries", TimeSeriesAsync);
        reports.MapGet("/currencies", CurrenciesAsync);
        app.MapGet("/api/experiments/{id}/report", ExperimentAsync).RequireApiKey();
        // The dashboard's mode switch starts where the deployment says (the sandbox demo: test); the API's default stays live.
        app.MapGet("/api/dashboard/settings", (IOptions<MetricsOptions> options) => Results.Ok(new { defaultMode = options.Value.DashboardDefaultMode }))
            .RequireApiKey();
        return app;
    }

    private static Task<IResult> SummaryAsync(HttpRequest request, SummaryQuery query, string? from, string? to, string? currency, string? mode,
        CancellationToken cancellationToken) =>
        RangeReportAsync(request, from, to, currency, mode, (range, reportMode) => query.RunAsync(range, reportMode, cancellationToken));

    private static async Task<IResult> ChurnAsync(HttpRequest request, ChurnQuery query, string? from, string? to, string? currency, string? period,
        string? mode, CancellationToken cancellationToken)
    {
        // Subscribers are counted, not money: currency is optional here and only validated when given.
        var range = ReportRange.TryParse(from, to, currency ?? "xxx", out var error);
        if (range is null) return BadRequest(error!);
        period ??= "month";
        if (!ChurnCalculator.PeriodNames.Contains(period)) return BadRequest($"'period' must be one of day, week, month (got '{period}').");
        var reportMode = ReportMode.TryParse(mode, out error);
        if (reportMode is null) return BadRequest(error!);
        return CsvReport.Respond(request, await query.RunAsync(range, reportMode, period, cancellationToken));
    }

    private static async Task<IResult> BreakdownsAsync(HttpRequest request, BreakdownQuery query, string? from, string? to, string? currency, string? by,
        string? mode, CancellationToken cancellationToken)
    {
        var range = ReportRange.TryParse(from, to, currency, out var error);
        if (range is null) return BadRequest(error!);
        if (by is null || !BreakdownReport.Dimensions.ContainsKey(by))
            return BadRequest($"'by' must be one of {string.Join(", ", BreakdownReport.Dimensions.Keys)} (got '{by}').");
        var reportMode = ReportMode.TryParse(mode, out error);
        if (reportMode is null) return BadRequest(error!);
        return CsvReport.Respond(request, await query.RunAsync(range, reportMode, by, cancellationToken));
    }

    private static Task<IResult> FunnelAsync(HttpRequest request, FunnelQuery query, string? from, string? to, string? currency, string? mode,
        CancellationToken cancellationToken) =>
        RangeReportAsync(request, from, to, currency, mode, (range, reportMode) => query.RunAsync(range, reportMode, cancellationToken));

    private static Task<IResult> TimeSeriesAsync(HttpRequest request, TimeSeriesQuery query, string? from, string? to, string? currency, string? mode,
        CancellationToken cancellationToken) =>
        RangeReportAsync(request, from, to, currency, mode, (range, reportMode) => query.RunAsync(range, reportMode, cancellationToken));

    private static async Task<IResult> CurrenciesAsync(TimeSeriesQuery query, string? mode, CancellationToken cancellationToken)
    {
        var reportMode = ReportMode.TryParse(mode, out var error);
        if (reportMode is null) return BadRequest(error!);
        return Results.Ok(await query.CurrenciesAsync(reportMode, cancellationToken));
    }

    /// <summary>An experiment's per-arm report (its id as the scheduler's <c>POST /api/experiments</c> answered), over all its closed cases.</summary>
    private static async Task<IResult> ExperimentAsync(HttpRequest request, ExperimentReportQuery query, string id, string? mode,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var experimentId))
            return BadRequest($"'{id}' is not an experiment id (a UUID, as the scheduler's POST /api/experiments answered).");
        var reportMode = ReportMode.TryParse(mode, out var error);
        if (reportMode is null) return BadRequest(error!);
        var report = await query.RunAsync(experimentId, reportMode, cancellationToken);
        return CsvReport.IsRequested(request) ? CsvReport.Respond(request, report.ToCsvRows()) : Results.Ok(report);
    }

    /// <summary>A report over a range of days in one currency and mode: 400 with the reason for a bad parameter, else the report (JSON or CSV).</summary>
    private static async Task<IResult> RangeReportAsync<TReport>(HttpRequest request, string? from, string? to, string? currency, string? mode,
        Func<ReportRange, ReportMode, Task<TReport>> run) where TReport : notnull
    {
        var range = ReportRange.TryParse(from, to, currency, out var error);
        if (range is null) return BadRequest(error!);
        var reportMode = ReportMode.TryParse(mode, out error);
        if (reportMode is null) return BadRequest(error!);
        return CsvReport.Respond(request, await run(range, reportMode));
    }

    private static IResult BadRequest(string reason) => Results.BadRequest(new { error = reason });
}
