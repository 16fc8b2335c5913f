using Dunning.Platform.Data;
using Dunning.Platform.Http;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;

namespace Dunning.RetryScheduler.Endpoints;

/// <summary>The ops API (API key): a case's timeline, pause / resume / retry-now, the next due attempts.</summary>
public static class CaseEndpoints
{
    public const int MaxDueLimit = 1000;

    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").RequireApiKey();
        cases.MapGet("/due", DueAsync);
        cases.MapGet("/{invoiceId}", GetAsync);
        cases.MapPost("/{invoiceId}/pause",
            (string invoiceId, CaseCommands commands, CancellationToken ct) => commands.RunAsync(invoiceId, CaseCommand.Pause, ct));
        cases.MapPost("/{invoiceId}/resume",
            (string invoiceId, CaseCommands commands, CancellationToken ct) => commands.RunAsync(invoiceId, CaseCommand.Resume, ct));
        cases.MapPost("/{invoiceId}/retry-now",
            (string invoiceId, CaseCommands commands, CancellationToken ct) => commands.RunAsync(invoiceId, CaseCommand.RetryNow, ct));
        return app;
    }

    private static Task<IResult> GetAsync(string invoiceId, UnitsOfWork unitsOfWork, CaseRepository cases, CancellationToken ct) =>
        unitsOfWork.RunAsync(async (unit, token) => await cases.ViewAsync(unit, invoiceId, token) is { } view
            ? Results.Ok(new { @case = view.Case, timeline = view.Timeline })
            : Results.Json(new { error = $"No dunning case for invoice '{invoiceId}'." }, statusCode: StatusCodes.Status404NotFound), ct);

    private static async Task<IResult> DueAsync(UnitsOfWork unitsOfWork, CaseRepository cases, string? limit, CancellationToken ct)
    {
        var count = 50;
        if (limit is not null && (!int.TryParse(limit, out count) || count < 1 || count > MaxDueLimit))
            return Results.BadRequest(new { error = $"limit must be a whole number from 1 to {MaxDueLimit} (got '{limit}')." });
        return Results.Ok(await unitsOfWork.RunAsync((unit, token) => cases.DueAsync(unit, count, token), ct));
    }
}
