using Dunning.Metrics.Ops;
using Dunning.Platform.Http;

namespace Dunning.Metrics.Endpoints;

/// <summary>
/// The case console's API (API key), behind <c>console.html</c>: <c>POST /api/console/search</c> with <c>{"query": "..."}</c> (an
/// invoice id, customer id or email address: in the body, so an address stays out of URLs and access logs), <c>GET
/// /api/console/cases/{invoiceId}</c> (the whole story), and <c>POST /api/console/cases/{invoiceId}/{action}</c> with
/// <c>{"reason": "..."}</c>, which the scheduler checks, applies and audits.
/// </summary>
public static class CaseConsoleEndpoints
{
    private const string Shape = """Send JSON like {"query": "in_..."}: an invoice id, a customer id (cus_...) or an email address.""";

    private sealed record SearchBody(string? Query);

    public static IEndpointRouteBuilder MapCaseConsoleEndpoints(this IEndpointRouteBuilder app)
    {
        var console = app.MapGroup("/api/console").RequireApiKey();
        console.MapPost("/search", SearchAsync);
        console.MapGet("/cases/{invoiceId}", async (string invoiceId, CaseConsole cases, CancellationToken ct) =>
        {
            var (status, body) = await cases.CaseAsync(invoiceId, ct);
            return Results.Json(body, statusCode: status);
        });
        console.MapPost("/cases/{invoiceId}/{action}", ActAsync);
        return app;
    }

    private static async Task<IResult> SearchAsync(HttpRequest request, CaseConsole cases, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequestBody.ReadAsync<SearchBody>(request, Shape, cancellationToken);
        if (problem is not null)
            return Results.BadRequest(new { error = problem });
        var query = body?.Query?.Trim();
        if (string.IsNullOrEmpty(query))
            return Results.BadRequest(new { error = $"'query' is required. {Shape}" });
        return Results.Ok(await cases.SearchAsync(query, cancellationToken));
    }

    private static async Task<IResult> ActAsync(string invoiceId, string action, HttpRequest request, CaseConsole cases, CancellationToken cancellationToken)
    {
        // The scheduler checks the body (a reason is required); a body that is not JSON is passed on as none, so its answer says what to send.
        string? json = null;
        if (request.HasJsonContentType())
            json = await new StreamReader(request.Body).ReadToEndAsync(cancellationToken);
        var (status, body) = await cases.ActAsync(invoiceId, action, json, cancellationToken);
        return Results.Json(body, statusCode: status);
    }
}
