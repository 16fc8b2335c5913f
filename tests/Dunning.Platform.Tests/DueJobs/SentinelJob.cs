using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;

namespace Dunning.Platform.Tests.DueJobs;

/// <summary>
/// A job that does nothing, run to prove that the worker made a claim pass after a change, so that a test can say a job did not
/// run without sleeping: scheduled due now, its commit wakes the worker; the pass that claims it began after that commit and
/// claims every job due by then as well (it is due last, and the worker has a slot for each), so once it has run, a job that was
/// not claimed was not due.
/// </summary>
internal sealed class SentinelJob : IDueJobHandler
{
    public const string JobKind = "sentinel";
    private static int _scheduled;

    public string Kind => JobKind;

    public Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken) => Task.FromResult(DueJobOutcome.Completed);

    /// <summary>
    /// Schedules a sentinel due at <paramref name="now"/> through <paramref name="store"/> (which must share the worker's signal) and
    /// waits until it has run and completed.
    /// </summary>
    public static async Task RunAsync(UnitsOfWork units, DueJobStore store, TestDatabase database, DateTimeOffset now)
    {
        var key = $"sentinel:{Interlocked.Increment(ref _scheduled)}";
        await units.RunAsync((unit, _) =>
        {
            store.Schedule(unit, new NewDueJob(key, JobKind, new { }, now));
            return Task.FromResult(key);
        }, CancellationToken.None);
        await Eventually.HoldsAsync(
            async () => await database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.due_jobs WHERE job_key = '{key}'") == 0,
            $"a claim pass ran the job {key}");
    }
}
