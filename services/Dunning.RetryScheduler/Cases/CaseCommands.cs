using Dunning.Platform.Data;
using Dunning.RetryScheduler.Data;

namespace Dunning.RetryScheduler.Cases;

public enum CaseCommand
{
    Pause,
    Resume,
    RetryNow,
    CloseRecovered,
    WriteOff,
}

/// <summary>The operators' commands by name: the ops API's path segment and the audit log's <c>action</c>.</summary>
public static class CaseCommandNames
{
    private static readonly Dictionary<string, CaseCommand> ByName =
        Enum.GetValues<CaseCommand>().ToDictionary(Name, StringComparer.Ordinal);

    public static string Name(this CaseCommand command) => command switch
    {
        CaseCommand.Pause => "pause",
        CaseCommand.Resume => "resume",
        CaseCommand.RetryNow => "retry-now",
        CaseCommand.CloseRecovered => "close-recovered",
        CaseCommand.WriteOff => "write-off",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
    };

    /// <summary>Every name, for an error message.</summary>
    public static string All => string.Join(", ", ByName.Keys);

    public static CaseCommand? Parse(string name) => ByName.TryGetValue(name, out var command) ? command : null;
}

/// <summary>An operator's command, who gave it (<c>api key {id}</c>), why, and when (wall time): one row of the audit log.</summary>
public sealed record OperatorAction(CaseCommand Command, string Actor, string Reason, DateTimeOffset At);

/// <summary>Operator commands on one case, each in a unit of work of its own, through the case (which notes and audits them).</summary>
public sealed class CaseCommands(UnitsOfWork unitsOfWork, CaseRepository cases, CaseClock clock)
{
    public Task<IResult> RunAsync(string invoiceId, CaseCommand command, string actor, string reason, CancellationToken cancellationToken) =>
        unitsOfWork.RunAsync(async (unit, ct) =>
        {
            if (await cases.FindByInvoiceAsync(unit, invoiceId, ct) is not { } c)
                return Results.Json(new { error = $"No dunning case for invoice '{invoiceId}'." }, statusCode: StatusCodes.Status404NotFound);
            if (c.WhyNot(command) is { } refusal)
                return Results.Conflict(new { error = refusal });

            var action = new OperatorAction(command, actor, reason, clock.WallNow);
            var now = await clock.NowAsync(unit, c, ct);
            switch (command)
            {
                case CaseCommand.Pause:
                    c.Pause(action, now);
                    break;
                case CaseCommand.Resume:
                    c.Resume(action, await cases.PlanningFactsAsync(unit, c, now, ct), now);
                    break;
                case CaseCommand.RetryNow:
                    c.RetryNow(action, now);
                    break;
                case CaseCommand.CloseRecovered:
                    c.CloseRecoveredOutOfBand(action, now);
                    break;
                case CaseCommand.WriteOff:
                    c.WriteOff(action, now);
                    break;
            }
            await cases.SaveAsync(unit, c, ct);
            return Results.Ok(c.State);
        }, cancellationToken);
}
