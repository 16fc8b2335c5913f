using Dunning.Platform.DueJobs;
using Dunning.Platform.Outbox;
using Dunning.RetryScheduler.Data;
using Npgsql;

namespace Dunning.RetryScheduler.Cases;

public enum CaseCommand
{
    Pause,
    Resume,
    RetryNow,
}

/// <summary>Operator commands on one case, each in one transaction.</summary>
public sealed class CaseCommands(NpgsqlDataSource dataSource, CaseStore cases, CaseTimeline timeline, DueJobStore jobs, CaseLifecycle lifecycle,
    OutboxWriter outbox, CaseClock clock)
{
    public async Task<IResult> RunAsync(string invoiceId, CaseCommand command, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await cases.FindByInvoiceAsync(transaction, invoiceId, ct) is not { } c)
            return Results.Json(new { error = $"No dunning case for invoice '{invoiceId}'." }, statusCode: StatusCodes.Status404NotFound);
        if (!c.IsOpen)
            return Results.Conflict(new { error = $"The case for invoice '{invoiceId}' is closed ({c.Status}, {c.Outcome}); nothing to {command}." });
        if (command == CaseCommand.RetryNow && c.Attempts >= lifecycle.Policy.MaxAttempts)
            return Results.Conflict(new { error = $"All {lifecycle.Policy.MaxAttempts} attempts were made; update the card or raise RetryPolicy:MaxAttempts." });
        if (command == CaseCommand.RetryNow && lifecycle.Policy.RetryOwner == RetryOwner.Stripe)
            return Results.Conflict(new { error = "RetryPolicy:RetryOwner is Stripe: Stripe's Smart Retries drive the attempts, this service never calls pay." });

        var now = await clock.NowAsync(transaction, c, ct);
        c = command switch
        {
            CaseCommand.Pause => await PauseAsync(transaction, c, ct),
            CaseCommand.Resume => await lifecycle.PlanAndScheduleAsync(transaction, c with { Paused = false }, c.NextAttemptAt, ct),
            _ => await RetryNowAsync(transaction, c with { Paused = false, NextAttemptAt = now, NextAttemptRule = "ops_retry_now" }, ct),
        };
        await timeline.NoteAsync(transaction, c.Id, now, command.ToString().ToLowerInvariant(), "ops", "by operator", ct);
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted(transaction);
        jobs.NotifyCommitted(transaction);
        return Results.Ok(c);
    }

    private async Task<DunningCase> PauseAsync(NpgsqlTransaction transaction, DunningCase c, CancellationToken ct)
    {
        c = c with { Paused = true };
        await cases.UpdateAsync(transaction, c, ct);
        await jobs.CancelAsync(transaction, [RetryJob.KeyFor(c.Id)], ct);
        return c;
    }

    private async Task<DunningCase> RetryNowAsync(NpgsqlTransaction transaction, DunningCase c, CancellationToken ct)
    {
        await cases.UpdateAsync(transaction, c, ct);
        await jobs.ScheduleAsync(transaction, RetryJob.KeyFor(c.Id), RetryJob.Kind, new RetryJob(c.Id), c.NextAttemptAt!.Value, ct, c.ClockId);
        return c;
    }
}
