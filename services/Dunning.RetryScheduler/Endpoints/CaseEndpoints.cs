using Dunning.Platform.DueJobs;
using Dunning.Platform.Http;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Npgsql;

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
        cases.MapPost("/{invoiceId}/pause", (string invoiceId, CaseCommands commands, CancellationToken ct) => commands.RunAsync(invoiceId, CaseCommand.Pause, ct));
        cases.MapPost("/{invoiceId}/resume", (string invoiceId, CaseCommands commands, CancellationToken ct) => commands.RunAsync(invoiceId, CaseCommand.Resume, ct));
        cases.MapPost("/{invoiceId}/retry-now", (string invoiceId, CaseCommands commands, CancellationToken ct) => commands.RunAsync(invoiceId, CaseCommand.RetryNow, ct));
        return app;
    }

    private static async Task<IResult> GetAsync(string invoiceId, NpgsqlDataSource dataSource, CaseStore store, CaseTimeline timeline, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await store.FindByInvoiceAsync(transaction, invoiceId, ct) is not { } c)
            return Results.Json(new { error = $"No dunning case for invoice '{invoiceId}'." }, statusCode: StatusCodes.Status404NotFound);
        return Results.Ok(new { @case = c, timeline = await timeline.EventsAsync(transaction, c.Id, ct) });
    }

    private static async Task<IResult> DueAsync(NpgsqlDataSource dataSource, CaseStore store, string? limit, CancellationToken ct)
    {
        var count = 50;
        if (limit is not null && (!int.TryParse(limit, out count) || count < 1 || count > MaxDueLimit))
            return Results.BadRequest(new { error = $"limit must be a whole number from 1 to {MaxDueLimit} (got '{limit}')." });
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        return Results.Ok(await store.DueAsync(transaction, count, ct));
    }
}
