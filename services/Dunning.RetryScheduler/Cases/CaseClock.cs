using Dunning.Platform.DueJobs;
using Dunning.RetryScheduler.Data;
using Npgsql;

namespace Dunning.RetryScheduler.Cases;

/// <summary>
/// "Now" for a case: wall time, or the time of the Stripe test clock its invoice runs on, as Stripe last told it. Every
/// rule that measures time (quiet hours, spacing, the window, the network budgets) and every due time of the case uses it.
/// </summary>
public sealed class CaseClock(DueJobStore jobs, CaseStore cases, TimeProvider clock)
{
    public async Task<DateTimeOffset> NowAsync(NpgsqlTransaction transaction, DunningCase c, CancellationToken cancellationToken) =>
        c.ClockId is null ? clock.GetUtcNow() : await jobs.ClockTimeAsync(transaction, c.ClockId, cancellationToken) ?? c.FailedAt;

    /// <summary>"Now" for the case with this id (wall time if there is no such case).</summary>
    public async Task<DateTimeOffset> NowAsync(NpgsqlTransaction transaction, Guid caseId, CancellationToken cancellationToken) =>
        await cases.FindAsync(transaction, caseId, cancellationToken) is { } c ? await NowAsync(transaction, c, cancellationToken) : clock.GetUtcNow();

    public DateTimeOffset WallNow => clock.GetUtcNow();
}
