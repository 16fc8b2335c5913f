using Dunning.Platform.Data;
using Dunning.RetryScheduler.Data;

namespace Dunning.RetryScheduler.Cases;

public enum CaseCommand
{
    Pause,
    Resume,
    RetryNow,
}

/// <summary>Operator commands on one case, each in a unit of work of its own.</summary>
public sealed class CaseCommands(UnitsOfWork unitsOfWork, CaseRepository cases, CaseClock clock)
{
    public Task<IResult> RunAsync(string invoiceId, CaseCommand command, CancellationToken cancellationToken) =>
        unitsOfWork.RunAsync(async (unit, ct) =>
        {
            if (await cases.FindByInvoiceAsync(unit, invoiceId, ct) is not { } c)
                return Results.Json(new { error = $"No dunning case for invoice '{invoiceId}'." }, statusCode: StatusCodes.Status404NotFound);
            if (c.WhyNot(command) is { } refusal)
                return Results.Conflict(new { error = refusal });

            var now = await clock.NowAsync(unit, c, ct);
            switch (command)
            {
                case CaseCommand.Pause:
                    c.Pause(now);
                    break;
                case CaseCommand.Resume:
                    c.Resume(await cases.PlanningFactsAsync(unit, c, now, ct), now);
                    break;
                default:
                    c.RetryNow(now);
                    break;
            }
            await cases.SaveAsync(unit, c, ct);
            return Results.Ok(c.State);
        }, cancellationToken);
}
