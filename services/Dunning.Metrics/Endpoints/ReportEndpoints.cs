using Dunning.Metrics.Data;
using Dunning.Metrics.Domain;
using Dunning.Platform.Http;

namespace Dunning.Metrics.Endpoints;

/// <summary>The finance reports (API key): summary, churn and breakdowns, JSON or CSV, one currency at a time.</summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").RequireApiKey();
        reports.MapGet("/summary", SummaryAsync);
        reports.MapGet("/churn", ChurnAsync);
        reports.MapGet("/breakdowns", BreakdownsAsync);
        reports.MapGet("/timeseries", TimeSeriesAsync);
        reports.MapGet("/currencies", async (TimeSeriesQuery query, CancellationToken ct) => Results.Ok(await query.CurrenciesAsync(ct)));
        return app;
    }

    private static async Task<IResult> SummaryAsync(HttpRequest request, SummaryQuery query, string? from, string? to, string? currency, CancellationToken cancellationToken)
    {
        var range = ReportRange.TryParse(from, to, currency, out var error);
        if (range is null) return BadRequest(error!);
        return CsvReport.Respond(request, await query.RunAsync(range, cancellationToken));
    }

    private static async Task<IResult> ChurnAsync(HttpRequest request, ChurnQuery query, string? from, string? to, string? currency, string? period, CancellationToken cancellationToken)
    {
        // Subscribers are counted, not money: currency is optional here and only validated when given.
        var range = ReportRange.TryParse(from, to, currency ?? "xxx", out var error);
        if (range is null) return BadRequest(error!);
        period ??= "month";
        if (!ChurnCalculator.PeriodNames.Contains(period)) return BadRequest($"'period' must be one of day, week, month (got '{period}').");
        return CsvReport.Respond(request, await query.RunAsync(range, period, cancellationToken));
    }

    private static async Task<IResult> BreakdownsAsync(HttpRequest request, BreakdownQuery query, string? from, string? to, string? currency, string? by, CancellationToken cancellationToken)
    {
        var range = ReportRange.TryParse(from, to, currency, out var error);
        if (range is null) return BadRequest(error!);
        if (by is null || !BreakdownReport.Dimensions.ContainsKey(by))
            return BadRequest($"'by' must be one of {string.Join(", ", BreakdownReport.Dimensions.Keys)} (got '{by}').");
        return CsvReport.Respond(request, await query.RunAsync(range, by, cancellationToken));
    }

    private static async Task<IResult> TimeSeriesAsync(HttpRequest request, TimeSeriesQuery query, string? from, string? to, string? currency, CancellationToken cancellationToken)
    {
        var range = ReportRange.TryParse(from, to, currency, out var error);
        if (range is null) return BadRequest(error!);
        return CsvReport.Respond(request, await query.RunAsync(range, cancellationToken));
    }

    private static IResult BadRequest(string reason) => Results.BadRequest(new { error = reason });
}
