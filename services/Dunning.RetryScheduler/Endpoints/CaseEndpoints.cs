using Dunning.Platform.Data;
using Dunning.Platform.Http;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Microsoft.Extensions.Options;

namespace Dunning.RetryScheduler.Endpoints;

/// <summary>
/// The ops API (API key): find cases by invoice or customer, a case's timeline and audit log, the next due attempts, and the
/// operators' actions (<c>POST /api/cases/{invoiceId}/{action}</c> with <c>{"reason": "..."}</c>: pause, resume, retry-now,
/// close-recovered, write-off), each audited with the API key's public id.
/// </summary>
public static partial class CaseEndpoints
{
    public const int MaxDueLimit = 1000;

    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").RequireApiKey();
        cases.MapGet("", SearchAsync);
        cases.MapGet("/due", DueAsync);
        cases.MapGet("/{invoiceId}", GetAsync);
        cases.MapPost("/{invoiceId}/{action}", ActAsync);
        return app;
    }

    private static async Task<IResult> SearchAsync(string? invoice, string? customer, UnitsOfWork unitsOfWork, CaseRepository cases, CancellationToken ct)
    {
        var (search, problem) = CaseSearch.From(invoice, customer);
        if (search is null)
            return Results.BadRequest(new { error = problem });
        return Results.Ok(await unitsOfWork.RunAsync((unit, token) => cases.SearchAsync(unit, search, token), ct));
    }

    private static Task<IResult> GetAsync(string invoiceId, UnitsOfWork unitsOfWork, CaseRepository cases, CancellationToken ct) =>
        unitsOfWork.RunAsync(async (unit, token) => await cases.ViewAsync(unit, invoiceId, token) is { } view
            ? Results.Ok(new { @case = view.Case, timeline = view.Timeline, actions = view.Actions })
            : Results.Json(new { error = $"No dunning case for invoice '{invoiceId}'." }, statusCode: StatusCodes.Status404NotFound), ct);

    private static async Task<IResult> ActAsync(string invoiceId, string action, HttpRequest request, CaseCommands commands,
        IOptions<ApiKeyOptions> apiKey, ILogger<CaseCommands> logger, CancellationToken ct)
    {
        if (CaseCommandNames.Parse(action) is not { } command)
            return Results.NotFound(new { error = $"'{action}' is not an action on a case: {CaseCommandNames.All}." });
        var (reason, problem) = await ActionReason.ReadAsync(request, ct);
        if (reason is null)
            return Results.BadRequest(new { error = problem });

        var result = await commands.RunAsync(invoiceId, command, $"api key {apiKey.Value.Id}", reason, ct);
        if (result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK })
            LogActed(logger, command.Name(), invoiceId, apiKey.Value.Id);
        return result;
    }

    private static async Task<IResult> DueAsync(UnitsOfWork unitsOfWork, CaseRepository cases, string? limit, CancellationToken ct)
    {
        var count = 50;
        if (limit is not null && (!int.TryParse(limit, out count) || count < 1 || count > MaxDueLimit))
            return Results.BadRequest(new { error = $"limit must be a whole number from 1 to {MaxDueLimit} (got '{limit}')." });
        return Results.Ok(await unitsOfWork.RunAsync((unit, token) => cases.DueAsync(unit, count, token), ct));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator action {Action} on the case of invoice {InvoiceId} (api key {KeyId})")]
    private static partial void LogActed(ILogger logger, string action, string invoiceId, string keyId);
}
