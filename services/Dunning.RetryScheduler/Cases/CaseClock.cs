using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;

namespace Dunning.RetryScheduler.Cases;

/// <summary>
/// "Now" for a case: wall time, or the time of the Stripe test clock its invoice runs on, as Stripe last told it. Every
/// rule that measures time (quiet hours, spacing, the window, the network budgets) and every due time of the case uses it.
/// </summary>
public sealed class CaseClock(DueJobStore jobs, TimeProvider clock)
{
    /// <summary>The case's time now: a read of its test clock, if it has one.</summary>
    public async Task<DateTimeOffset> NowAsync(UnitOfWork unit, DunningCase c, CancellationToken cancellationToken) =>
        c.State.ClockId is not { } clockId ? clock.GetUtcNow() : await jobs.ClockTimeAsync(unit, clockId, cancellationToken) ?? c.State.FailedAt;

    public DateTimeOffset WallNow => clock.GetUtcNow();
}
